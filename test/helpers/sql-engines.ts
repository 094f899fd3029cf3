import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { detectDialect } from '../../src/io/csv.js';
import { chdbSession } from '../../src/engines/sql/chdb-session.js';
import { metricNamed } from '../../src/metrics/registry.js';
import type { Cell } from '../../src/metrics/types.js';
import { computeDocument } from '../../src/orchestrator/compute-document.js';
import { cellText } from '../../src/schema/blank.js';
import { deriveProducts } from '../../src/schema/derived.js';
import { parseMapOptions } from '../../src/schema/columns.js';
import { resolveRowColumns } from '../../src/schema/exports/resolve-row-columns.js';
import { ROW_COLUMNS, type RowKind } from '../../src/schema/row-kinds.js';
import { parseTimestamp } from '../../src/schema/timestamps.js';
import { parseAmount } from '../../src/schema/values.js';
import { TimeZone } from '../../src/time/zone.js';

// Real SQL engines for the differential tests: DuckDB and PostgreSQL
// (PGlite, PostgreSQL compiled to WebAssembly, in this process). A fixture
// becomes a typed table as a warehouse holds it: its canonical columns under
// their canonical names (numbers as doubles, timestamps as timestamp with
// time zone, read in --tz when they have no offset, blanks as NULL), any
// other column as text under its header.

type Value = string | number | null;

export interface Table {
  name: string;
  columns: { name: string; type: 'text' | 'double' | 'timestamptz' }[];
  rows: Value[][];
  /** The file's header, for the checks made of a header (the columns are canonical, renamed). */
  header: string[];
}

const tables = new Map<string, Table>();

/**
 * A file as a typed table, as a warehouse would hold it: canonical columns under their
 * canonical names (or the header --map gives) and typed, the others as text under their
 * headers, a renamed column's header kept too (as text), the factors of a --map product as
 * numbers. A large file's is made once per zone and map: Online Retail's 541,909 lines take seconds.
 */
export function tableOf(path: string, name: string, kind: RowKind, tz: string, map: string[] = []): Table {
  // Only a large file is kept: a small one may be written again under the same path.
  if (statSync(path).size < 1 << 20) return makeTable(path, name, kind, tz, map);
  const key = JSON.stringify([path, name, kind, tz, map]);
  const made = tables.get(key) ?? makeTable(path, name, kind, tz, map);
  tables.set(key, made);
  return made;
}

function makeTable(path: string, name: string, kind: RowKind, tz: string, map: string[]): Table {
  const bytes = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const { delimiter } = detectDialect(text.slice(0, 65536));
  const [header, ...records] = parse(text, { bom: true, delimiter, relax_column_count: false, skip_empty_lines: true }) as string[][];
  const mapped = parseMapOptions(map, ROW_COLUMNS[kind]);
  const derived = deriveProducts(header, mapped);
  const resolution = resolveRowColumns(kind, derived.header, mapped, path);
  const kinds = new Map(ROW_COLUMNS[kind].map((spec) => [spec.name, spec.kind]));
  const canonical = new Map([...resolution.columns].map(([column, resolved]) => [resolved.index, resolved.via === 'map' ? { column, name: resolved.header } : { column, name: column }]));
  const factors = new Set(derived.factors);
  const zone = new TimeZone(tz);
  const columns = header.map((h, i) => {
    const found = canonical.get(i);
    const kindOf = found ? kinds.get(found.column) : factors.has(i) ? 'number' : undefined;
    const type = kindOf === undefined || kindOf === 'text' ? 'text' : kindOf === 'timestamp' ? 'timestamptz' : 'double';
    return { name: found?.name ?? h, type } as Table['columns'][number];
  });
  const renamed = header.flatMap((h, i) => (columns[i].name !== h && !columns.some((c) => c.name === h) ? [i] : []));
  const rows = records.map((record) => [
    ...record.map((cell, i): Value => {
      const type = columns[i].type;
      if (type === 'text') return cell;
      const value = cellText(cell);
      if (value === '') return null;
      if (type === 'double') return parseAmount(value);
      const ms = parseTimestamp(value, zone);
      return Number.isNaN(ms) ? null : new Date(ms).toISOString();
    }),
    ...renamed.map((i) => record[i]),
  ]);
  return { name, columns: [...columns, ...renamed.map((i) => ({ name: header[i], type: 'text' as const }))], rows, header };
}

/** A large table as CSV for COPY: NULL unquoted and empty, text always quoted. */
function csvOf(table: Table): string {
  const quoted = (value: Value) => (value === null ? '' : `"${String(value).replaceAll('"', '""')}"`);
  return table.rows.map((row) => row.map(quoted).join(',')).join('\n');
}

function literal(value: Value, type: Table['columns'][number]['type']): string {
  if (value === null) return 'NULL';
  if (type === 'double') return String(value);
  if (type === 'timestamptz') return `TIMESTAMPTZ '${String(value).replace('T', ' ').replace('Z', '+00')}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

function createStatement(table: Table, doubleType: string): string {
  const types = { text: 'TEXT', double: doubleType, timestamptz: 'TIMESTAMPTZ' };
  return `CREATE TABLE "${table.name}" (${table.columns.map((c) => `"${c.name}" ${types[c.type]}`).join(', ')})`;
}

function insertStatements(table: Table): string[] {
  const statements: string[] = [];
  for (let start = 0; start < table.rows.length; start += 500) {
    const values = table.rows.slice(start, start + 500).map((row) => `(${row.map((v, i) => literal(v, table.columns[i].type)).join(', ')})`);
    statements.push(`INSERT INTO "${table.name}" VALUES ${values.join(', ')}`);
  }
  return statements;
}

/**
 * ClickHouse, in this process (chDB, the engine as a library): a table with
 * every column Nullable, as a warehouse copy of a file would be, loaded from
 * JSON rows; results read as JSON, 64-bit integers made numbers.
 */
export class ClickHouse {
  private readonly tables = new Map<string, Table>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'engage-clickhouse-'));

  private constructor(private readonly session: { query(sql: string, format?: string): string; cleanup(): void }) {}

  static async open(): Promise<ClickHouse> {
    // The session engage's --engine clickhouse uses too: chDB allows one in a process.
    return new ClickHouse(await chdbSession());
  }

  async load(table: Table): Promise<void> {
    if (this.tables.get(table.name) === table) return;
    this.tables.set(table.name, table);
    const types = { text: 'Nullable(String)', double: 'Nullable(Float64)', timestamptz: "Nullable(DateTime64(3, 'UTC'))" };
    this.session.query(`DROP TABLE IF EXISTS "${table.name}"`);
    this.session.query(`CREATE TABLE "${table.name}" (${table.columns.map((c) => `"${c.name}" ${types[c.type]}`).join(', ')}) ENGINE = Memory`);
    if (table.rows.length === 0) return;
    const file = join(this.dir, `${table.name}.ndjson`);
    writeFileSync(file, table.rows.map((row) => JSON.stringify(row.map((v, i) => (v !== null && table.columns[i].type === 'timestamptz' ? String(v).replace('T', ' ').replace('Z', '') : v)))).join('\n'));
    const structure = table.columns.map((c, i) => `c${i} ${types[c.type]}`).join(', ');
    this.session.query(`INSERT INTO "${table.name}" SELECT * FROM file('${file}', 'JSONCompactEachRow', '${structure.replaceAll("'", "\\'")}')`);
  }

  async rows(sql: string): Promise<Rows> {
    const result = JSON.parse(this.session.query(sql.replace(/;\s*$/, ''), 'JSONCompact')) as { meta: { type: string }[]; data: unknown[][] };
    const wide = result.meta.map((m) => /Int64|Int128|Int256/.test(m.type));
    return result.data.map((row) => row.map((v, i) => (wide[i] && v !== null ? Number(v) : plain(v))));
  }

  close(): void {
    // The session is the process's: it is cleaned up when the process ends.
  }
}

/** A result as plain values: numbers, text, booleans and nulls. */
export type Rows = (string | number | boolean | null)[][];

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/** The tables an engine holds, by name: a table loaded already is not loaded again. */
class Loaded {
  private readonly tables = new Map<string, Table>();

  constructor(private readonly engine: { run(sql: string): Promise<unknown>; doubleType: string; copy(table: Table, csv: string): Promise<unknown> }) {}

  /**
   * Creates the table: INSERTs for a small one, the engine's COPY for a large one (Online
   * Retail's 541,909 lines take minutes row by row); a table loaded already is kept.
   */
  async load(table: Table): Promise<void> {
    if (this.tables.get(table.name) === table) return;
    this.tables.set(table.name, table);
    await this.engine.run(`DROP TABLE IF EXISTS "${table.name}"`);
    await this.engine.run(createStatement(table, this.engine.doubleType));
    if (table.rows.length > 5000) {
      await this.engine.copy(table, csvOf(table));
      return;
    }
    for (const statement of insertStatements(table)) await this.engine.run(statement);
  }
}

export class DuckDb {
  private readonly loaded: Loaded;

  private constructor(private readonly connection: DuckDBConnection) {
    this.loaded = new Loaded({
      run: (sql) => connection.run(sql),
      doubleType: 'DOUBLE',
      copy: (table, csv) => {
        const file = join(mkdtempSync(join(tmpdir(), 'engage-table-')), 'table.csv');
        writeFileSync(file, csv);
        return connection.run(`COPY "${table.name}" FROM '${file}' (FORMAT csv, HEADER false, allow_quoted_nulls false)`);
      },
    });
  }

  static async open(): Promise<DuckDb> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDb(await instance.connect());
  }

  load(table: Table): Promise<void> {
    return this.loaded.load(table);
  }

  async rows(sql: string): Promise<Rows> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowsJS().map((row) => row.map(plain));
  }
}

export class Postgres {
  private readonly loaded: Loaded;

  private constructor(readonly db: PGlite) {
    this.loaded = new Loaded({
      run: (sql) => db.exec(sql),
      doubleType: 'DOUBLE PRECISION',
      copy: (table, csv) => db.query(`COPY "${table.name}" FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) }),
    });
  }

  static async open(): Promise<Postgres> {
    return new Postgres(await PGlite.create());
  }

  load(table: Table): Promise<void> {
    return this.loaded.load(table);
  }

  async rows(sql: string): Promise<Rows> {
    const result = await this.db.query<Record<string, unknown>>(sql, [], { rowMode: 'array' });
    return (result.rows as unknown as unknown[][]).map((row) => row.map(plain));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** A metric's options on a file, run by the streaming engine and by a SQL form. */
export interface Case {
  metric: string;
  file: string;
  options: Record<string, unknown>;
}

/** The streaming engine's table of a file. */
export async function streamed(c: Case): Promise<Cell[][]> {
  const doc = await computeDocument(metricNamed(c.metric)!, c.options, [c.file], { stdin: Readable.from([]) });
  return doc.table.rows;
}

/** The last offset a retention statement needs a column for: --max-offset 24, or as many as the streaming engine shows. */
export function maxOffsetFor(rows: Cell[][], c: Case): number {
  if (c.metric !== 'retention' || rows.length === 0) return 24;
  return Math.max(24, rows[0].length - leadColumns(c) - 1 - 1);
}

/** The columns of a retention row before its offsets: the groups, cohort and customers (with --mrr: the currency, when the file has one, and start_mrr). */
function leadColumns(c: Case): number {
  const groups = ((c.options.groupBy as string[] | undefined) ?? []).length;
  if (!c.options.mrr) return groups + 2;
  const header = readFileSync(c.file, 'utf8').split('\n')[0].split(',');
  return groups + 3 + (header.includes('currency') ? 1 : 0);
}

/**
 * A retention triangle with the statement's columns: offsets 0 to --max-offset (or each bracket), those past
 * the data NULL, and how many the data reaches (columns_shown).
 */
export function widened(rows: Cell[][], c: Case): Cell[][] {
  if (c.metric !== 'retention') return rows;
  const lead = leadColumns(c);
  const brackets = c.options.brackets as number[] | undefined;
  const columns = brackets ? brackets.length + 1 : maxOffsetFor(rows, c) + 1;
  return rows.map((row) => {
    const offsets = row.slice(lead, -1);
    return [...row.slice(0, lead), ...offsets, ...Array(columns - offsets.length).fill(null), row[row.length - 1], offsets.length];
  });
}

export function expectSameTable(actual: Rows, expected: Cell[][], engine: string): void {
  expect(actual.length, `${engine}: rows`).toBe(expected.length);
  expected.forEach((row, r) => {
    expect(actual[r].length, `${engine}: columns of row ${r}`).toBe(row.length);
    row.forEach((cell, c) => {
      const got = actual[r][c];
      const where = `${engine}: row ${r}, column ${c}`;
      // ClickHouse writes a flag (partial) as UInt8: 0 or 1 is the boolean (--engine clickhouse makes it one by the table's type).
      if (typeof cell === 'boolean' && engine.startsWith('clickhouse') && (got === 0 || got === 1)) {
        expect(got === 1, where).toBe(cell);
        return;
      }
      if (typeof cell === 'number') {
        expect(typeof got, where).toBe('number');
        expect(Math.abs((got as number) - cell), `${where}: ${got} vs ${cell}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cell)));
      } else expect(got, where).toEqual(cell);
    });
  });
}

