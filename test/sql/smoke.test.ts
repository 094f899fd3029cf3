import { afterAll, beforeAll, describe, it } from 'vitest';
import { SqlContext } from '../../src/sql/sql-context.js';
import { describerOf } from '../../src/orchestrator/describer.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { sqlStatement } from '../../src/engines/sql/sql-form.js';
import { ClickHouse, DuckDb, expectSameTable, Postgres, streamed, tableOf, widened, type Case } from '../helpers/sql-engines.js';

// The fast tier's look at the real engines: one case of each row kind and of
// the event metrics' main shapes, run by DuckDB, PostgreSQL (PGlite) and ClickHouse (chDB) on the
// small fixtures, against the streaming engine. The whole suite, real data sets
// and property tests included, is differential.test.ts (npm run test:all).

const SMOKE: Case[] = [
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['store'], period: 'month', tz: 'Asia/Tokyo' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'week', compare: 'previous' } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { period: 'week', tz: 'Asia/Tokyo' } },
  { metric: 'churn', file: 'fixtures/subscriptions.csv', options: { model: 'subscription', period: 'quarter' } },
  { metric: 'churn', file: 'fixtures/orders.csv', options: { groupBy: ['country'], period: 'week', tz: 'Asia/Tokyo' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'purchase'], window: '7d', groupBy: ['channel'] } },
  { metric: 'repeat', file: 'fixtures/orders.csv', options: { period: 'month', groupBy: ['country'] } },
];

let duckdb: DuckDb;
let postgres: Postgres;
let clickhouse: ClickHouse;

beforeAll(async () => {
  [duckdb, postgres, clickhouse] = await Promise.all([DuckDb.open(), Postgres.open(), ClickHouse.open()]);
}, 60_000);

afterAll(async () => {
  await postgres?.close();
  clickhouse?.close();
});

describe('SQL forms on each engine (smoke)', () => {
  it.each(SMOKE)('$metric $options on $file', async (c) => {
    const spec = metricNamed(c.metric)!;
    const expected = widened(await streamed(c), c);
    const options = parseOptions(spec.options, c.options) as Record<string, unknown> & { tz: string; map: string[] };
    const table = tableOf(c.file, spec.rows, spec.rows, options.tz, options.map);
    for (const [engine, dialect] of [[duckdb, 'duckdb'], [postgres, 'postgres'], [clickhouse, 'clickhouse']] as const) {
      await engine.load(table);
      const compare = describerOf(spec, options).compare(c.file, table.header);
      const sql = sqlStatement(spec, options, new SqlContext(c.metric, spec.rows, { dialect, columns: table.columns.map((column) => column.name), map: options.map, compare }), { name: 'smoke', hint: '' });
      expectSameTable(await engine.rows(sql), expected, dialect);
    }
  }, 60_000);
});
