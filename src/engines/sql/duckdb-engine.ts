import { UsageError } from '../../errors.js';
import type { OutputDocument } from '../../format/document.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import { sqlString } from '../../sql/dialect.js';
import { computeOverFiles, type FileSqlEngine } from './file-engine.js';
import { refusal, type Source } from './file-source.js';
import { DUCKDB_SOURCE } from './source-view.js';
import { cellOf, type Describer } from './sql-document.js';

// --engine duckdb: a metric computed by an embedded DuckDB from its SQL
// form, over a view of the file that types its cells by engage's rules.
// DuckDB reads CSV, NDJSON and Parquet of any size, out of core. What it cannot
// read as engage would (another encoding, a known export's quirks, a
// workbook, stdin) is refused with the reason; a bad cell stops it, and the
// streaming engine then names the cell's file, line and column.

export interface DuckDbSettings {
  /** DuckDB's memory limit, e.g. "256MB": beyond it, DuckDB works on disk. */
  memoryLimit?: string;
  threads?: number;
}

/** An embedded DuckDB of this run's own, in --tz: timestamps without an offset are read in it, as the streaming engine reads them. */
async function openDuckDb(tz: string, settings: DuckDbSettings): Promise<FileSqlEngine> {
  const duckdb = await loadDuckDb();
  const instance = await duckdb.DuckDBInstance.create(':memory:', {
    ...(settings.memoryLimit ? { memory_limit: settings.memoryLimit } : {}),
    ...(settings.threads ? { threads: String(settings.threads) } : {}),
  });
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = ${sqlString(tz)}`);
  return {
    name: '--engine duckdb',
    label: 'DuckDB',
    dialect: 'duckdb',
    sourceSql: DUCKDB_SOURCE,
    reader: readerOf,
    async header(reader, _source, path) {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`).catch((error: unknown) => {
        // Mixed line ends, say: engage reads them, DuckDB's CSV sniffer does not.
        throw refusal('--engine duckdb', path, `DuckDB could not read it (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
      });
      return described.getRowsJS().map((row) => String(row[0]));
    },
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][],
    createView: async (name, select) => void (await connection.run(`CREATE TEMP VIEW ${name} AS ${select}`)),
    async run(sql) {
      const result = await connection.runAndReadAll(sql);
      return { names: result.columnNames(), rows: result.getRowsJS().map((row) => row.map(cellOf)) };
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export async function computeWithDuckDb(spec: MetricSpec, input: unknown, files: string[], describer: Describer, settings: DuckDbSettings = {}): Promise<OutputDocument> {
  const { tz } = parseOptions(spec.options, input) as { tz: string };
  return computeOverFiles(spec, input, files, describer, { name: '--engine duckdb', label: 'DuckDB', open: () => openDuckDb(tz, settings) });
}

/** DuckDB's reader of the file: text cells for CSV and NDJSON (the view types them), typed ones for Parquet. */
function readerOf(path: string, source: Source): string {
  if (source.kind === 'parquet') return `read_parquet(${sqlString(path)})`;
  if (source.kind === 'csv') return `read_csv(${sqlString(path)}, header = true, all_varchar = true, delim = ${sqlString(source.delimiter)}, quote = '"', escape = '"')`;
  const columns = source.header.map((key) => `${sqlString(key)}: 'VARCHAR'`).join(', ');
  return `read_json(${sqlString(path)}, format = 'newline_delimited', columns = {${columns}})`;
}

async function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new UsageError('--engine duckdb needs the package @duckdb/node-api, which is not installed', ['npm install @duckdb/node-api']);
  }
}
