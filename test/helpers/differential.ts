import { afterAll, beforeAll } from 'vitest';
import { withPValues } from '../../src/engines/sql/sql-document.js';
import type { MetricSpec } from '../../src/metrics/spec.js';
import type { Cell } from '../../src/metrics/types.js';
import { describerOf } from '../../src/orchestrator/describer.js';
import { ClickHouse, DuckDb, Postgres, type Rows } from './sql-engines.js';

// What the differential suites share: DuckDB, PostgreSQL (PGlite) and
// ClickHouse (chDB) opened once for a file, and a statement's rows finished
// as the SQL engines finish them. The suites are two files, so that the two
// cores run them side by side.

export const TEST_RUNNER = { name: 'test', hint: '' };

type Engine = DuckDb | Postgres | ClickHouse;

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
  // engage mrr's statement says after its table why a period is partial: its tableFromSql reads and drops that.
  if (spec.name === 'mrr') return spec.tableFromSql!(skeleton, [], rows as Cell[][], options as never).table.rows as Rows;
  return withPValues({ ...skeleton, rows: rows as Cell[][] }) as Rows;
}
