import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.js';
import { SAMPLE_RECORDS } from '../../io/records.js';
import type { OutputDocument } from '../../format/document.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import { parseMapOptions } from '../../schema/columns.js';
import { deriveProducts } from '../../schema/derived.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import { ROW_COLUMNS } from '../../schema/row-kinds.js';
import { sourceOf, type Source } from './file-source.js';
import { EngineStoppedOnCell } from './stopped-on-cell.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { SqlContext } from '../../sql/sql-context.js';
import { BAD_CELL, textSourceSelect, typedSourceColumns } from './source-view.js';
import { cellOf, resultTable, withTable, type Describer } from './sql-document.js';
import { assertSqlForm, sqlStatement, type SqlRunner } from './sql-form.js';

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

const DUCKDB_RUNNER: SqlRunner = { name: '--engine duckdb', hint: 'leave out --engine duckdb: the streaming engine computes it' };


export async function computeWithDuckDb(spec: MetricSpec, input: unknown, files: string[], describer: Describer, settings: DuckDbSettings = {}): Promise<OutputDocument> {
  const options = parseOptions(spec.options, input) as Record<string, unknown> & { map: string[]; compare?: unknown; encoding?: string; tz: string; skipInvalid?: boolean };
  assertSqlForm(spec, options, DUCKDB_RUNNER);
  if (files.length !== 1 || files[0] === '-') throw new UsageError('--engine duckdb reads one file (CSV, NDJSON or Parquet), not stdin', ['give the file by its path']);
  const [path] = files;
  if (options.encoding !== undefined && !/^utf-?8$/i.test(options.encoding)) throw refusal(path, `it is ${options.encoding}; DuckDB reads UTF-8`);
  await stat(path).catch(() => {
    throw new InputError(`cannot read ${path}: no such file`);
  });
  const source = await sourceOf(path, '--engine duckdb');

  const duckdb = await loadDuckDb();
  const instance = await duckdb.DuckDBInstance.create(':memory:', {
    ...(settings.memoryLimit ? { memory_limit: settings.memoryLimit } : {}),
    ...(settings.threads ? { threads: String(settings.threads) } : {}),
  });
  const connection = await instance.connect();
  try {
    // Timestamps without an offset are read in --tz, as the streaming engine reads them.
    await connection.run(`SET TimeZone = ${sqlString(options.tz)}`);
    const reader = readerOf(path, source);
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`).catch((error: unknown) => {
      // Mixed line ends, say: engage reads them, DuckDB's CSV sniffer does not.
      throw refusal(path, `DuckDB could not read it (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
    });
    const header = described.getRowsJS().map((row) => String(row[0]));

    const map = parseMapOptions(options.map, ROW_COLUMNS[spec.rows]);
    // A --map product (amount="Quantity*UnitPrice") is a column of the file's header for the
    // streaming engine's checks, and a product of the view's columns for the SQL.
    const derived = deriveProducts(header, map);
    // The first rows, which the columns guessed from the header are checked against, as the streaming engine checks them.
    const first = (await connection.runAndReadAll(`SELECT * FROM ${reader} LIMIT ${SAMPLE_RECORDS}`)).getRowsJS() as unknown[][];
    const sample = derived.fill === undefined ? first : first.map((record) => { const copy = [...record]; derived.fill!(copy); return copy; });
    const resolution = resolveRowColumns(spec.rows, derived.header, map, path, sample);
    if (resolution.native !== undefined) throw refusal(path, 'it is a known export whose rows need engage’s own reading');
    if (resolution.timeOfDay !== undefined) throw refusal(path, `its ${resolution.timeOfDay.column} is a date in one column and a time of day in "${resolution.timeOfDay.header}", which engage reads together`);
    // The skeleton of the table (title, formula, columns) and every header-level check, from the streaming engine.
    const skeleton = describer.skeleton(path, derived.header);

    const counts = new Set((options.interactions as string[] | undefined) ?? []);
    const amounts = new Set(derived.factors.map((index) => header[index]));
    const select = source.kind === 'parquet' ? `SELECT ${typedSourceColumns(header, resolution).join(', ')} FROM ${reader}` : textSourceSelect(spec.rows, header, resolution, { counts, amounts }, reader);
    await connection.run(`CREATE TEMP VIEW ${sqlName(spec.rows)} AS ${select}`);
    const products = [...resolution.columns].flatMap(([name, column]) => {
      const product = derived.products.find((p) => p.target === column.header);
      return column.index >= header.length && product ? [`${name}=${product.factors.map((index) => header[index]).join('*')}`] : [];
    });
    const canonical = [...resolution.columns.keys()];
    const compare = describer.compare(path, derived.header);
    const context = new SqlContext(spec.name, spec.rows, { dialect: 'duckdb', columns: canonical, map: products, compare });
    const sql = sqlStatement(spec, options, context, DUCKDB_RUNNER);
    let result;
    try {
      result = await connection.runAndReadAll(sql);
    } catch (error) {
      throw explained(error, spec, path);
    }
    const rows = result.getRowsJS().map((row) => row.map(cellOf));
    return withTable(skeleton, resultTable(spec, skeleton, result.columnNames(), rows, options));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
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

function refusal(path: string, why: string): UsageError {
  return new UsageError(`--engine duckdb cannot read ${path} as it is: ${why}`, ['leave out --engine duckdb: the streaming engine reads it']);
}


/** An error of DuckDB's, in engage's words. */
function explained(error: unknown, spec: MetricSpec, path: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('engage')) {
    const detail = message.slice(message.indexOf(message.includes(BAD_CELL) ? BAD_CELL : 'engage')).split('\n')[0];
    return new EngineStoppedOnCell(refusal(path, `DuckDB stopped on ${detail.replace(`${BAD_CELL}: `, '')}, which engage reads`));
  }
  return new InputError(`--engine duckdb could not compute ${spec.name} from ${path}: ${message.split('\n')[0]}`);
}


