import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { detectDialect } from '../../src/io/csv.js';
import { cellText } from '../../src/schema/blank.js';
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
}

export function tableOf(path: string, name: string, kind: RowKind, tz: string, map: string[] = []): Table {
  const bytes = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const { delimiter } = detectDialect(text.slice(0, 65536));
  const [header, ...records] = parse(text, { bom: true, delimiter, relax_column_count: false, skip_empty_lines: true }) as string[][];
  const resolution = resolveRowColumns(kind, header, parseMapOptions(map, ROW_COLUMNS[kind]), path);
  const kinds = new Map(ROW_COLUMNS[kind].map((spec) => [spec.name, spec.kind]));
  // A column named by --map keeps its header: the SQL refers to it by that name.
  const canonical = new Map([...resolution.columns].map(([column, resolved]) => [resolved.index, resolved.via === 'map' ? { column, name: resolved.header } : { column, name: column }]));
  const zone = new TimeZone(tz);
  const columns = header.map((h, i) => {
    const found = canonical.get(i);
    const kindOf = found && kinds.get(found.column);
    const type = kindOf === undefined || kindOf === 'text' ? 'text' : kindOf === 'timestamp' ? 'timestamptz' : 'double';
    return { name: found?.name ?? h, type } as Table['columns'][number];
  });
  const rows = records.map((record) =>
    record.map((cell, i): Value => {
      const type = columns[i].type;
      if (type === 'text') return cell;
      const value = cellText(cell);
      if (value === '') return null;
      if (type === 'double') return parseAmount(value);
      const ms = parseTimestamp(value, zone);
      return Number.isNaN(ms) ? null : new Date(ms).toISOString();
    }),
  );
  return { name, columns, rows };
}

function literal(value: Value, type: Table['columns'][number]['type']): string {
  if (value === null) return 'NULL';
  if (type === 'double') return String(value);
  if (type === 'timestamptz') return `TIMESTAMPTZ '${String(value).replace('T', ' ').replace('Z', '+00')}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

function createStatements(table: Table, doubleType: string): string[] {
  const types = { text: 'TEXT', double: doubleType, timestamptz: 'TIMESTAMPTZ' };
  const statements = [`CREATE TABLE "${table.name}" (${table.columns.map((c) => `"${c.name}" ${types[c.type]}`).join(', ')})`];
  for (let start = 0; start < table.rows.length; start += 500) {
    const values = table.rows.slice(start, start + 500).map((row) => `(${row.map((v, i) => literal(v, table.columns[i].type)).join(', ')})`);
    statements.push(`INSERT INTO "${table.name}" VALUES ${values.join(', ')}`);
  }
  return statements;
}

/** A result as plain values: numbers, text, booleans and nulls. */
export type Rows = (string | number | boolean | null)[][];

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export class DuckDb {
  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(): Promise<DuckDb> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDb(await instance.connect());
  }

  async load(table: Table): Promise<void> {
    await this.connection.run(`DROP TABLE IF EXISTS "${table.name}"`);
    for (const statement of createStatements(table, 'DOUBLE')) await this.connection.run(statement);
  }

  async rows(sql: string): Promise<Rows> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowsJS().map((row) => row.map(plain));
  }
}

export class Postgres {
  private constructor(readonly db: PGlite) {}

  static async open(): Promise<Postgres> {
    return new Postgres(await PGlite.create());
  }

  async load(table: Table): Promise<void> {
    await this.db.exec(`DROP TABLE IF EXISTS "${table.name}"`);
    for (const statement of createStatements(table, 'DOUBLE PRECISION')) await this.db.exec(statement);
  }

  async rows(sql: string): Promise<Rows> {
    const result = await this.db.query<Record<string, unknown>>(sql, [], { rowMode: 'array' });
    return (result.rows as unknown as unknown[][]).map((row) => row.map(plain));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
