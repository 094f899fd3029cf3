import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectNamed } from '../../src/engines/sql/dialect.js';
import { SqlContext } from '../../src/engines/sql/sql-context.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import type { Cell } from '../../src/metrics/types.js';
import { computeDocument } from '../../src/pipeline/compute.js';
import { DuckDb, Postgres, tableOf, type Rows } from '../helpers/sql-engines.js';

// The same definitions on three engines: each metric's SQL form, run by
// DuckDB and by PostgreSQL (PGlite) on a fixture loaded as a typed table,
// must give the table the streaming engine computes from the file, row for
// row, figures to 1e-9 relative.

let duckdb: DuckDb;
let postgres: Postgres;

beforeAll(async () => {
  [duckdb, postgres] = await Promise.all([DuckDb.open(), Postgres.open()]);
}, 60_000);

afterAll(async () => {
  await postgres?.close();
});

/** The Facebook page's 500 posts (Moro et al. 2016), from ../shared when it is there. */
const FACEBOOK = '../shared/datasets/facebook_metrics/dataset_Facebook.csv';

interface Case {
  metric: string;
  file: string;
  options: Record<string, unknown>;
}

const CASES: Case[] = [
  { metric: 'nps', file: 'fixtures/answers.csv', options: {} },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['store'], period: 'month', tz: 'Asia/Tokyo' } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['channel', 'store'] } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { period: 'week', weekStart: 'sunday', tz: 'America/New_York' } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { period: 'day', since: '2026-02-01', until: '2026-03-01 12:00' } },
  { metric: 'csat', file: 'fixtures/ratings.csv', options: { period: 'quarter', map: ['responded_at=closed_at'] } },
  { metric: 'csat', file: 'fixtures/ratings.csv', options: { scale: '1-10', map: ['score=support_rating', 'responded_at=closed_at'], groupBy: ['team'], period: 'year' } },
  { metric: 'ces', file: 'fixtures/effort.csv', options: { groupBy: ['channel'], period: 'month' } },
  { metric: 'ces', file: 'fixtures/effort.csv', options: { period: 'week', since: '2026-01-10' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: {} },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'month', tz: 'Asia/Tokyo' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'week' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { by: 'reach', interactions: ['likes', 'comments'], since: '2026-01-10', until: '2026-02-20' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'day', by: 'followers' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'quarter', by: 'impressions', groupBy: ['platform'] } },
  ...(existsSync(FACEBOOK)
    ? [
        { metric: 'rate', file: FACEBOOK, options: { groupBy: ['Type'] } },
        { metric: 'rate', file: FACEBOOK, options: { groupBy: ['Paid', 'Category'], by: 'impressions' } },
      ]
    : []),
];

/** The streaming engine's table of a file. */
async function streamed(c: Case): Promise<Cell[][]> {
  const doc = await computeDocument(metricNamed(c.metric)!, c.options, [c.file], { stdin: Readable.from([]) });
  return doc.table.rows;
}

function expectSameTable(actual: Rows, expected: Cell[][], engine: string): void {
  expect(actual.length, `${engine}: rows`).toBe(expected.length);
  expected.forEach((row, r) => {
    expect(actual[r].length, `${engine}: columns of row ${r}`).toBe(row.length);
    row.forEach((cell, c) => {
      const got = actual[r][c];
      const where = `${engine}: row ${r}, column ${c}`;
      if (typeof cell === 'number') {
        expect(typeof got, where).toBe('number');
        expect(Math.abs((got as number) - cell), `${where}: ${got} vs ${cell}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cell)));
      } else expect(got, where).toEqual(cell);
    });
  });
}

describe('SQL forms give the streaming engine’s tables', () => {
  it.each(CASES)('$metric $options on $file', async (c) => {
    const spec = metricNamed(c.metric)!;
    const expected = await streamed(c);
    const options = parseOptions(spec.options, c.options) as Record<string, unknown> & { tz: string; map: string[] };
    const table = tableOf(c.file, spec.rows, spec.rows, options.tz, options.map);
    for (const [engine, dialect] of [[duckdb, 'duckdb'], [postgres, 'postgres']] as const) {
      await engine.load(table);
      const sql = spec.sql!(options, new SqlContext(c.metric, spec.rows, { dialect, columns: table.columns.map((column) => column.name), map: options.map }));
      expect(dialectNamed(dialect).name).toBe(dialect);
      expectSameTable(await engine.rows(sql), expected, dialect);
    }
  }, 30_000);
});
