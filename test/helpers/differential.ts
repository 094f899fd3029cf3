import { afterAll, beforeAll, expect } from 'vitest';
import { sqlStatement } from '../../src/engines/sql/sql-form.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { rowKindOf } from '../../src/metrics/spec.js';
import { dialectNamed } from '../../src/sql/dialects.js';
import { SqlContext } from '../../src/sql/sql-context.js';
import { withPValues } from '../../src/engines/sql/sql-document.js';
import type { MetricSpec } from '../../src/metrics/spec.js';
import type { Cell } from '../../src/metrics/types.js';
import { describerOf } from '../../src/orchestrator/describer.js';
import { ClickHouse, DuckDb, expectSameTable, maxOffsetFor, Postgres, streamed, tableOf, widened, type Case, type Rows } from './sql-engines.js';

// What the differential suites share: DuckDB, PostgreSQL (PGlite) and
// ClickHouse (chDB) opened once for a file, and a statement's rows finished
// as the SQL engines finish them. The suites are two files, so that the two
// cores run them side by side.

export const TEST_RUNNER = { name: 'test', hint: '' };

type Engine = DuckDb | Postgres | ClickHouse;
type Dialect = 'duckdb' | 'postgres' | 'clickhouse';

/** The real Online Retail log (fixtures/real, UCI, CC BY 4.0): 541,909 invoice lines, returns and lines without a customer left out by --where. */
export const RETAIL = 'fixtures/real/online_retail.csv.gz';
export const RETAIL_WHERE = ['InvoiceNo!^=C', 'CustomerID!='];

export const RETAIL_CASES: Case[] = [
  { metric: 'repeat', file: RETAIL, options: { where: RETAIL_WHERE, map: ['amount=Quantity*UnitPrice'], period: 'quarter', groupBy: ['Country'] } },
  { metric: 'churn', file: RETAIL, options: { where: RETAIL_WHERE, compare: 'previous' } },
  { metric: 'retention', file: RETAIL, options: { where: RETAIL_WHERE } },
  { metric: 'lifecycle', file: RETAIL, options: { where: RETAIL_WHERE, period: 'week' } },
  { metric: 'stickiness', file: RETAIL, options: { where: RETAIL_WHERE } },
  { metric: 'funnel', file: RETAIL, options: { where: [...RETAIL_WHERE, 'Country=United Kingdom'], map: ['event=StockCode'], steps: ['85123A', '22423', '47566'], window: '30d' } },
];


/** The three engines of a test file, open from its beforeAll to its afterAll. */
export function threeEngines(): { duckdb: DuckDb; postgres: Postgres; clickhouse: ClickHouse; engines(): [Engine, 'duckdb' | 'postgres' | 'clickhouse'][] } {
  const open: { duckdb?: DuckDb; postgres?: Postgres; clickhouse?: ClickHouse } = {};
  beforeAll(async () => {
    [open.duckdb, open.postgres, open.clickhouse] = await Promise.all([DuckDb.open(), Postgres.open(), ClickHouse.open()]);
  }, 60_000);
  afterAll(async () => {
    await open.postgres?.close();
    open.clickhouse?.close();
  });
  // Read when a test runs, after beforeAll: the engines are there by then.
  return {
    get duckdb() {
      return open.duckdb!;
    },
    get postgres() {
      return open.postgres!;
    },
    get clickhouse() {
      return open.clickhouse!;
    },
    engines: () => [[open.duckdb!, 'duckdb'], [open.postgres!, 'postgres'], [open.clickhouse!, 'clickhouse']],
  };
}

/** A statement's rows as the SQL engines finish them (sql-document.ts): a tested change's statistic made its p-value. */
export function finished(rows: Rows, spec: MetricSpec, options: Record<string, unknown>, file: string, header: string[]): Rows {
  const skeleton = describerOf(spec, options).skeleton(file, header).table;
  // engage mrr's statement says after its table why a period is partial, rate's with --min-posts how many groups
  // it left out: their tableFromSql reads and drops that.
  // engage drivers' statement gives counts, from which engage makes the table.
  if (spec.name === 'mrr' || spec.name === 'drivers') return spec.tableFromSql!(skeleton, [], rows as Cell[][], options as never).table.rows as Rows;
  // A listing of posts comes with its times as epoch milliseconds, which engage writes in --tz.
  const kept = spec.name === 'rate' && (options.minPosts !== undefined || isListing(options)) ? spec.tableFromSql!(skeleton, [], rows as Cell[][], options as never).table.rows : rows;
  return withPValues({ ...skeleton, rows: kept as Cell[][] }) as Rows;
}

/** engage rate --per-post or --top: a listing of posts. */
export function isListing(options: Record<string, unknown>): boolean {
  return options.perPost === true || options.top !== undefined;
}

/**
 * The rows as an engine orders them: ClickHouse keeps no input order, so it lists posts by
 * publishing time; its listing is compared with the streaming engine's as sets of rows.
 */
export function inEngineOrder(rows: Rows, options: Record<string, unknown>, engine: string): Rows {
  return engine.includes('clickhouse') && isListing(options) ? [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : rows;
}

/** A case's SQL form on every engine gives the streaming engine's table (the table loaded as a typed table). */
export async function expectSqlFormAgrees(c: Case, engines: [Engine, Dialect][]): Promise<void> {
  const spec = metricNamed(c.metric)!;
  const shown = await streamed(c);
  const expected = widened(shown, c);
  const options = parseOptions(spec.options, c.options) as Record<string, unknown> & { tz: string; map: string[] };
  // Online Retail is loaded once, as it is: its cases' --map (a product, StockCode as the event) is the statement's.
  const kind = rowKindOf(spec, options);
  const table = tableOf(c.file, kind, kind, options.tz, c.file === RETAIL ? [] : options.map);
  // Tables read beside the case's own (growth's --posts), each loaded under its row kind's name.
  const companions = (spec.companionTables?.(options as never) ?? []).map(({ option, rows, source }) => ({ option, rows, table: tableOf(source, rows, rows, options.tz) }));
  for (const [engine, dialect] of engines) {
    await engine.load(table);
    for (const companion of companions) await engine.load(companion.table);
    const columns = table.columns.map((column) => column.name);
    const compare = describerOf(spec, options).compare(c.file, table.header);
    const tables = Object.fromEntries(companions.map(({ option, rows, table: t }) => [option, { rows, table: rows, columns: t.columns.map((column) => column.name) }]));
    const sql = sqlStatement(spec, options, new SqlContext(c.metric, kind, { dialect, columns, map: options.map, compare, maxOffset: maxOffsetFor(shown, c), companions: tables }), TEST_RUNNER);
    expect(dialectNamed(dialect).name).toBe(dialect);
    expectSameTable(inEngineOrder(finished(await engine.rows(sql), spec, options, c.file, table.header), options, dialect), inEngineOrder(expected as Rows, options, dialect) as Cell[][], dialect);
  }
}
