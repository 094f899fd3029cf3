import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.js';
import type { OutputDocument } from '../../format/document.js';
import { SAMPLE_RECORDS } from '../../io/records.js';
import { parseOptions } from '../../metrics/options.js';
import { rowKindOf, type MetricSpec } from '../../metrics/spec.js';
import type { Cell } from '../../metrics/types.js';
import { parseMapOptions, type Resolution } from '../../schema/columns.js';
import { isBlankCell } from '../../schema/blank.js';
import { writesTimeOfDay } from '../../schema/plans/time-setup.js';
import { billingExportOf } from '../../schema/exports/billing-exports.js';
import { deriveProducts } from '../../schema/derived.js';
import { resolveRowColumns } from '../../schema/exports/resolve-row-columns.js';
import { ROW_COLUMNS, type RowKind } from '../../schema/row-kinds.js';
import { sqlName, type DialectName } from '../../sql/dialect.js';
import { SqlContext } from '../../sql/sql-context.js';
import { refusal, sourceOf, type Source } from './file-source.js';
import { BAD_CELL, sourceViewNames, textSourceSelect, typedSourceColumns, type SourceSql } from './source-view.js';
import { resultTable, withTable, type Describer } from './sql-document.js';
import { assertSqlForm, sqlStatement, type SqlRunner } from './sql-form.js';
import { EngineStoppedOnCell } from './stopped-on-cell.js';

// What DuckDB and ClickHouse do alike when they read files themselves: each
// file's header resolved and checked against its first rows as the streaming
// engine would, each file's cells typed by engage's rules in a SELECT of its
// own, the files read as one data set (their rows one after the other, in
// the order given), and the metric's SQL form run over that view. An engine
// gives only how it reads a file and runs a statement.

/** An engine that reads files itself, before it is opened. */
export interface FileSqlEngineKind {
  /** As messages name it: --engine duckdb. */
  name: string;
  /** As sentences name it: DuckDB. */
  label: string;
  open(): Promise<FileSqlEngine>;
}

/** An open engine, as the shared steps use it. */
export interface FileSqlEngine {
  name: string;
  label: string;
  dialect: DialectName;
  sourceSql: SourceSql;
  /** The engine's reader of a file: every cell text for CSV and NDJSON, typed cells for Parquet. */
  reader(path: string, source: Source): string;
  /** The columns a reader gives. */
  header(reader: string, source: Source, path: string): Promise<string[]>;
  /** Rows of a query, as plain values. */
  rows(sql: string): Promise<unknown[][]>;
  createView(name: string, select: string): Promise<void>;
  /** A statement's column names and rows; `flags` are the columns that are booleans in engage's table. */
  run(sql: string, flags: ReadonlySet<string>): Promise<{ names: string[]; rows: Cell[][] }>;
  close(): void;
}

/** The view of one file: its header as the table reads it, the SELECT that types its cells, and its view's column names. */
interface FileView {
  path: string;
  header: string[];
  select: string;
  names: string[];
  /** --map products as the SQL computes them (amount=Quantity*UnitPrice), by the view's column names. */
  products: string[];
  canonical: string[];
  /** The headers of canonical columns found under another name (user_id), kept for a --where that names them. */
  aliases: string[];
}

type EngineOptions = Record<string, unknown> & { map: string[]; encoding?: string; tz: string; skipInvalid?: boolean; interactions?: string[] };

export async function computeOverFiles(spec: MetricSpec, input: unknown, files: string[], describer: Describer, kind: FileSqlEngineKind): Promise<OutputDocument> {
  const options = parseOptions(spec.options, input) as EngineOptions;
  const runner: SqlRunner = { name: kind.name, hint: `leave out ${kind.name}: the streaming engine computes it` };
  assertSqlForm(spec, options, runner);
  if (files.length === 0 || files.includes('-')) throw new UsageError(`${kind.name} reads files (CSV, NDJSON or Parquet), not stdin`, ['give the files by their paths']);
  const engine = await kind.open();
  try {
    const views: FileView[] = [];
    for (const path of files) views.push(await fileView(spec, options, path, engine));
    const [first] = views;
    for (const view of views.slice(1)) assertSameColumns(engine.name, first, view);
    // A header one file has for a canonical column (user_id for customer_id) is a column of the union only when every file has it.
    const names = first.names.filter((name) => !first.aliases.includes(name) || views.every((view) => view.names.includes(name)));
    // Every file's header-level checks, as the streaming engine makes them; the first file's table.
    const skeletons = views.map((view) => describer.skeleton(view.path, view.header));
    const skeleton = skeletons[0];
    const columns = names.map(sqlName).join(', ');
    await engine.createView(sqlName(rowKindOf(spec, options)), views.length === 1 ? first.select : views.map((view) => `SELECT ${columns} FROM (${view.select}) file_rows`).join('\nUNION ALL\n'));
    // Files read beside the input (engage growth --posts): a view of each, named by its row kind, read with its own columns.
    const companions: Record<string, { rows: RowKind; table: string; columns: string[]; map: string[] }> = {};
    for (const { option, rows, source } of spec.companionTables?.(options as never) ?? []) {
      const view = await fileView(spec, { ...options, map: [] }, source, engine, rows);
      await engine.createView(sqlName(rows), view.select);
      companions[option] = { rows, table: rows, columns: view.canonical, map: view.products };
    }
    const flags = new Set(skeleton.table.columns.filter((c) => c.type === 'flag').map((c) => c.name));
    const where = files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more`;
    const run = (maxOffset?: number) => {
      const context = new SqlContext(spec.name, rowKindOf(spec, options), { dialect: engine.dialect, columns: first.canonical, map: first.products, compare: describer.compare(first.path, first.header), maxOffset, companions });
      return engine.run(sqlStatement(spec, options, context, runner), flags).catch((error: unknown) => {
        throw explained(error, spec, engine, where);
      });
    };
    let result = await run();
    // The data reaches past the statement's columns (a triangle of days over a year): asked again with as many as it needs.
    const needed = spec.sqlOffsetsNeeded?.(result.names, result.rows, options as never);
    if (needed !== undefined) result = await run(needed);
    return withTable(skeleton, resultTable(spec, skeleton, result.names, result.rows, options));
  } finally {
    engine.close();
  }
}

async function fileView(spec: MetricSpec, options: EngineOptions, path: string, engine: FileSqlEngine, kind?: RowKind): Promise<FileView> {
  if (options.encoding !== undefined && !/^utf-?8$/i.test(options.encoding)) throw refusal(engine.name, path, `it is ${options.encoding}; ${engine.label} reads UTF-8`);
  await stat(path).catch(() => {
    throw new InputError(`cannot read ${path}: no such file`);
  });
  const source = await sourceOf(path, engine.name);
  const reader = engine.reader(path, source);
  const header = await engine.header(reader, source, path);
  const rows = kind ?? rowKindOf(spec, options);
  const map = parseMapOptions(options.map, ROW_COLUMNS[rows]);
  // A --map product (amount="Quantity*UnitPrice") is a column of the file's header for the
  // streaming engine's checks, and a product of the view's columns for the SQL.
  const billing = rows === 'subscriptions' ? billingExportOf(header) : undefined;
  if (billing !== undefined) throw refusal(engine.name, path, `it is the ${billing.name}, one row per subscription, which engage reads as the events of each`);
  const derived = deriveProducts(header, map);
  // The first rows, which the columns guessed from the header are checked against, as the streaming engine checks them.
  const first = await engine.rows(`SELECT * FROM ${reader} LIMIT ${SAMPLE_RECORDS}`);
  const sample = derived.fill === undefined ? first : first.map((record) => { const copy = [...record]; derived.fill!(copy); return copy; });
  const resolution = resolveRowColumns(rows, derived.header, map, path, sample);
  if (resolution.native !== undefined) throw refusal(engine.name, path, 'it is a known export whose rows need engage’s own reading');
  if (resolution.timeOfDay !== undefined) throw refusal(engine.name, path, `its ${resolution.timeOfDay.column} is a date in one column and a time of day in "${resolution.timeOfDay.header}", which engage reads together`);
  const clock = kind === undefined ? spec.sqlNeedsTimeOfDay?.(options as never) : undefined;
  const dateOnly = clock === undefined ? undefined : datesAlone(resolution, sample);
  if (dateOnly !== undefined) throw refusal(engine.name, path, `its "${dateOnly}" is a date without a time of day, which ${clock}`);
  const counts = new Set(options.interactions ?? []);
  // The factors of a --map product, and the columns the metric itself reads as amounts (trend's sum:COL).
  const amounts = new Set([...derived.factors.map((index) => header[index]), ...(spec.amountColumns?.(options as never) ?? [])]);
  const select = source.kind === 'parquet' ? `SELECT ${typedSourceColumns(header, resolution).join(', ')} FROM ${reader}` : textSourceSelect(rows, header, resolution, { counts, amounts }, reader, engine.sourceSql);
  const products = [...resolution.columns].flatMap(([name, column]) => {
    const product = derived.products.find((p) => p.target === column.header);
    return column.index >= header.length && product ? [`${name}=${product.factors.map((index) => header[index]).join('*')}`] : [];
  });
  const aliases = [...resolution.columns].flatMap(([name, column]) => (column.header !== name && column.index < header.length ? [column.header] : []));
  return { path, header: derived.header, select, names: sourceViewNames(header, resolution), products, canonical: [...resolution.columns.keys()], aliases };
}

/** Files read as one data set give the same columns (a canonical column found under another header is the same column). */
function assertSameColumns(engine: string, first: FileView, other: FileView): void {
  const columns = (view: FileView) => new Set(view.names.filter((name) => !view.aliases.includes(name)));
  const [mine, theirs] = [columns(first), columns(other)];
  const missing = [...mine].filter((name) => !theirs.has(name));
  const extra = [...theirs].filter((name) => !mine.has(name));
  if (missing.length === 0 && extra.length === 0 && first.products.join() === other.products.join()) return;
  const differences = [...(missing.length > 0 ? [`it lacks ${missing.join(', ')}`] : []), ...(extra.length > 0 ? [`it has ${extra.join(', ')} too`] : [])];
  throw refusal(engine, other.path, `its columns are not those of ${first.path} (${differences.join('; ') || 'its --map products differ'}), and ${engine} reads several files as one table`);
}

/** An engine's error in engage's words: a cell it stopped on is named by the streaming engine. */
function explained(error: unknown, spec: MetricSpec, engine: FileSqlEngine, where: string): Error {
  if (error instanceof UsageError || error instanceof InputError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // A bad cell (DuckDB says which, ClickHouse's throwIf only that there is one), or a row the definition refuses.
  if (message.includes('engage')) {
    const at = message.indexOf(message.includes(`${BAD_CELL}: `) ? `${BAD_CELL}: ` : 'engage');
    const detail = message.includes(`${BAD_CELL}: `) ? message.slice(at + BAD_CELL.length + 2).split('\n')[0] : message.includes(BAD_CELL) ? 'a cell it does not read' : message.slice(at).split('\n')[0];
    return new EngineStoppedOnCell(refusal(engine.name, where, `${engine.label} stopped on ${detail}, which engage reads`));
  }
  return new InputError(`${engine.name} could not compute ${spec.name} from ${where}: ${message.split('\n')[0]}`);
}

/** The header of the time column whose first written cell is a date alone, if it is one. */
function datesAlone(resolution: Resolution, sample: readonly (readonly unknown[])[]): string | undefined {
  const column = resolution.columns.get('published_at') ?? resolution.columns.get('timestamp');
  if (column === undefined) return undefined;
  const first = sample.map((record) => record[column.index]).find((cell) => !isBlankCell(cell));
  return first !== undefined && !writesTimeOfDay(first) ? column.header : undefined;
}
