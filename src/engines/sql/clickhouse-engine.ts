import type { OutputDocument } from '../../format/document.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { chdbSession } from './chdb-session.js';
import { computeOverFiles, type FileSqlEngine } from './file-engine.js';
import type { Source } from './file-source.js';
import { BAD_CELL, type SourceSql } from './source-view.js';
import { cellOf, type Describer } from './sql-document.js';

// --engine clickhouse: a metric's SQL form run by ClickHouse in this process
// (chDB, the engine as a library, loaded only when used) over a CSV, NDJSON
// or Parquet file, typed by engage's rules as for DuckDB. The same statement
// runs on a ClickHouse server or cluster (engage sql METRIC --dialect clickhouse).

const ENGINE = '--engine clickhouse';

/** ISO 8601 as engage's fast path reads it (a date, a time, an offset): what is read as a time here; anything else stops. */
const ISO = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$';

/** A ClickHouse string literal: a backslash there is an escape, so it is doubled. */
function chString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function sourceSql(zone: string): SourceSql {
  return {
    matches: (text, pattern) => `match(${text}, ${chString(`^(?:${pattern.source.replace(/^\^/, '').replace(/\$$/, '')})$`)})`,
    hasDigit: (text) => `match(${text}, '[0-9]')`,
    without: (text, characters) => `replaceRegexpAll(${text}, ${chString(characters.replaceAll('\\\\', '\\'))}, '')`,
    double: (text) => `toFloat64OrNull(${text})`,
    timestamp: (text) => `if(match(${text}, '${ISO}'), parseDateTime64BestEffortOrNull(${text}, 3, ${sqlString(zone)}), NULL)`,
    isFinite: (value) => `isFinite(${value})`,
    // throwIf takes a fixed message: the streaming engine then names the cell. Its condition depends on
    // the row (the message holds the cell), or ClickHouse would fold it, and throw, before any row.
    stop: (message, kind) => {
      const thrown = `throwIf(length(${message}) > 0, '${BAD_CELL}')`;
      return kind === 'timestamp' ? `toDateTime64(${thrown}, 3, 'UTC')` : `toFloat64(${thrown})`;
    },
  };
}

/** ClickHouse's reader of a file: text cells for CSV (its delimiter told) and NDJSON, typed ones for Parquet. */
function readerOf(path: string, source: Source): string {
  if (source.kind === 'parquet') return `file(${sqlString(path)}, 'Parquet')`;
  const structure = source.header.map((h) => `${sqlName(h)} Nullable(String)`).join(', ');
  if (source.kind === 'ndjson') return `file(${sqlString(path)}, 'JSONEachRow', ${sqlString(structure)})`;
  const delimiter = source.delimiter === ',' ? '' : ` SETTINGS format_csv_delimiter = ${chString(source.delimiter)}`;
  return `(SELECT * FROM file(${sqlString(path)}, 'CSVWithNames', ${sqlString(structure)})${delimiter})`;
}

/** Each run's view in a database of its own, so that runs sharing the process's session never meet. */
let runs = 0;

async function openClickHouse(tz: string): Promise<FileSqlEngine> {
  const session = await chdbSession();
  const database = `engage_run_${process.pid}_${++runs}`;
  session.query(`CREATE DATABASE ${database}`);
  session.query(`USE ${database}`);
  const json = <T>(sql: string): T => JSON.parse(session.query(sql, 'JSONCompact')) as T;
  return {
    name: ENGINE,
    label: 'ClickHouse',
    dialect: 'clickhouse',
    sourceSql: sourceSql(tz),
    reader: readerOf,
    header: async (reader, source) => (source.kind === 'parquet' ? json<{ data: string[][] }>(`DESCRIBE ${reader}`).data.map((row) => row[0]) : source.header),
    rows: async (sql) => json<{ data: unknown[][] }>(sql).data,
    createView: async (name, select) => void session.query(`CREATE VIEW ${name} AS ${select}`),
    async run(sql, flags) {
      const result = json<{ meta: { name: string; type: string }[]; data: unknown[][] }>(sql);
      // 64-bit integers come as text; a flag (partial) as UInt8, made the boolean the table's type says it is.
      const wide = result.meta.map((m) => /Int64|Int128|Int256|UInt64/.test(m.type));
      const flag = result.meta.map((m) => flags.has(m.name));
      const rows = result.data.map((row) => row.map((value, i) => (flag[i] && (value === 0 || value === 1) ? value === 1 : cellOf(wide[i] && value !== null ? Number(value) : value))));
      return { names: result.meta.map((m) => m.name), rows };
    },
    close() {
      session.query('USE default');
      session.query(`DROP DATABASE IF EXISTS ${database}`);
    },
  };
}

export async function computeWithClickHouse(spec: MetricSpec, input: unknown, files: string[], describer: Describer): Promise<OutputDocument> {
  const { tz } = parseOptions(spec.options, input) as { tz: string };
  return computeOverFiles(spec, input, files, describer, { name: ENGINE, label: 'ClickHouse', open: () => openClickHouse(tz) });
}
