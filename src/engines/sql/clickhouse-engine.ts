import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.js';
import type { OutputDocument } from '../../format/document.js';
import { SAMPLE_RECORDS } from '../../io/records.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import { parseMapOptions } from '../../schema/columns.js';
import { deriveProducts } from '../../schema/derived.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import { ROW_COLUMNS } from '../../schema/row-kinds.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { SqlContext } from '../../sql/sql-context.js';
import { refusal, sourceOf, type Source } from './file-source.js';
import { BAD_CELL, textSourceSelect, typedSourceColumns, type SourceSql } from './source-view.js';
import { cellOf, resultTable, withTable, type Describer } from './sql-document.js';
import { assertSqlForm, sqlStatement, type SqlRunner } from './sql-form.js';
import { chdbSession } from './chdb-session.js';
import { EngineStoppedOnCell } from './stopped-on-cell.js';

// --engine clickhouse: a metric's SQL form run by ClickHouse in this process
// (chDB, the engine as a library, loaded only when used) over a CSV, NDJSON
// or Parquet file, typed by engage's rules as for DuckDB. The same statement
// runs on a ClickHouse server or cluster (engage sql METRIC --dialect clickhouse).

const ENGINE = '--engine clickhouse';
const RUNNER: SqlRunner = { name: ENGINE, hint: 'leave out --engine clickhouse: the streaming engine computes it' };

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

function readerOf(path: string, source: Source): string {
  if (source.kind === 'parquet') return `file(${sqlString(path)}, 'Parquet')`;
  const structure = source.header.map((h) => `${sqlName(h)} Nullable(String)`).join(', ');
  if (source.kind === 'ndjson') return `file(${sqlString(path)}, 'JSONEachRow', ${sqlString(structure)})`;
  return `file(${sqlString(path)}, 'CSVWithNames', ${sqlString(structure)})`;
}

/** Each run's view in a database of its own, so that runs sharing the process's session never meet. */
let runs = 0;

export async function computeWithClickHouse(spec: MetricSpec, input: unknown, files: string[], describer: Describer): Promise<OutputDocument> {
  const options = parseOptions(spec.options, input) as Record<string, unknown> & { map: string[]; encoding?: string; tz: string; skipInvalid?: boolean };
  assertSqlForm(spec, options, RUNNER);
  if (files.length !== 1 || files[0] === '-') throw new UsageError(`${ENGINE} reads one file (CSV, NDJSON or Parquet), not stdin`, ['give the file by its path']);
  const [path] = files;
  if (options.encoding !== undefined && !/^utf-?8$/i.test(options.encoding)) throw refusal(ENGINE, path, `it is ${options.encoding}; ClickHouse reads UTF-8`);
  await stat(path).catch(() => {
    throw new InputError(`cannot read ${path}: no such file`);
  });
  const source = await sourceOf(path, ENGINE);
  if (source.kind === 'csv' && source.delimiter !== ',') throw refusal(ENGINE, path, `its delimiter is "${source.delimiter}"`);
  const session = await chdbSession();
  const database = `engage_run_${process.pid}_${++runs}`;
  session.query(`CREATE DATABASE ${database}`);
  session.query(`USE ${database}`);
  try {
    const reader = readerOf(path, source);
    const header = source.kind === 'parquet' ? (JSON.parse(session.query(`DESCRIBE ${reader}`, 'JSONCompact')) as { data: string[][] }).data.map((row) => row[0]) : source.header;
    const map = parseMapOptions(options.map, ROW_COLUMNS[spec.rows]);
    const derived = deriveProducts(header, map);
    if (derived.products.length > 0) throw refusal(ENGINE, path, 'a --map product has no ClickHouse form yet');
    const first = (JSON.parse(session.query(`SELECT * FROM ${reader} LIMIT ${SAMPLE_RECORDS}`, 'JSONCompact')) as { data: unknown[][] }).data;
    const resolution = resolveRowColumns(spec.rows, header, map, path, first);
    if (resolution.native !== undefined) throw refusal(ENGINE, path, 'it is a known export whose rows need engage’s own reading');
    if (resolution.timeOfDay !== undefined) throw refusal(ENGINE, path, `its ${resolution.timeOfDay.column} is a date and a time of day in two columns`);
    const skeleton = describer.skeleton(path, header);
    const select = source.kind === 'parquet' ? `SELECT ${typedSourceColumns(header, resolution).join(', ')} FROM ${reader}` : textSourceSelect(spec.rows, header, resolution, { counts: new Set((options.interactions as string[] | undefined) ?? []), amounts: new Set() }, reader, sourceSql(options.tz));
    session.query(`CREATE VIEW ${sqlName(spec.rows)} AS ${select}`);
    const context = new SqlContext(spec.name, spec.rows, { dialect: 'clickhouse', columns: [...resolution.columns.keys()], compare: describer.compare(path, header) });
    const sql = sqlStatement(spec, options, context, RUNNER);
    let result: { meta: { name: string; type: string }[]; data: unknown[][] };
    try {
      result = JSON.parse(session.query(sql, 'JSONCompact'));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes(BAD_CELL)) throw new EngineStoppedOnCell(refusal(ENGINE, path, 'ClickHouse stopped on a cell it does not read, which engage reads'));
      throw new InputError(`${ENGINE} could not compute ${spec.name} from ${path}: ${message.split('\n')[0]}`);
    }
    const wide = result.meta.map((m) => /Int64|Int128|Int256|UInt64/.test(m.type));
    // A flag (partial) comes as UInt8: made the boolean the table's type says it is.
    const flags = new Set(skeleton.table.columns.filter((c) => c.type === 'flag').map((c) => c.name));
    const flag = result.meta.map((m) => flags.has(m.name));
    const rows = result.data.map((row) => row.map((value, i) => (flag[i] && (value === 0 || value === 1) ? value === 1 : cellOf(wide[i] && value !== null ? Number(value) : value))));
    return withTable(skeleton, resultTable(spec, skeleton, result.meta.map((m) => m.name), rows, options));
  } finally {
    session.query('USE default');
    session.query(`DROP DATABASE IF EXISTS ${database}`);
  }
}
