import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// engage customers against published figures. The lifetimes package's own
// tests (tests/test_utils.py, MIT) give the summaries of three small logs,
// daily and weekly, observed to 2015-02-07; Hardie's summary of the CDNOW
// sample (x, t_x and T in weeks: the daily summary divided by 7, and zbar,
// the mean repeat purchase) ships with lifetimes too, in ../shared.

const customers = (text: string, options: Record<string, unknown> = {}) => runEvents('customers', text, options);
const summary = (rows: Record<string, unknown>[], ...names: string[]) => rows.map((r) => [r.customer_id, ...names.map((n) => r[n])]);

const SMALL = ['customer_id,date', '1,2015-02-01', '1,2015-02-06', '2,2015-01-01', '3,2015-01-01', '3,2015-01-02', '3,2015-01-05'].join('\n');
const LARGE_ROWS = [
  [1, '2015-01-01', 1], [1, '2015-02-06', 2], [2, '2015-01-01', 2], [3, '2015-01-01', 3], [3, '2015-01-02', 1], [3, '2015-01-05', 5],
  [4, '2015-01-16', 6], [4, '2015-02-02', 3], [4, '2015-02-05', 3], [5, '2015-01-16', 3], [5, '2015-01-17', 1], [5, '2015-01-18', 8], [6, '2015-02-02', 5],
];
const LARGE = ['customer_id,date', ...LARGE_ROWS.map(([id, date]) => `${id},${date}`)].join('\n');
const LARGE_WITH_AMOUNTS = ['customer_id,date,amount', ...LARGE_ROWS.map((row) => row.join(','))].join('\n');
const END = { observationEnd: '2015-02-07' };

describe('engage customers: lifetimes’ summary fixtures', () => {
  it('daily: frequency, recency and T in days', async () => {
    const { rows } = await customers(SMALL, END);
    expect(summary(rows, 'frequency', 'recency', 'T')).toEqual([['1', 1, 5, 6], ['2', 0, 0, 37], ['3', 2, 4, 37]]);
  });

  it('weekly: calendar weeks from Monday, so T is whole weeks', async () => {
    const { rows } = await customers(LARGE, { ...END, freq: 'week' });
    expect(summary(rows, 'frequency', 'recency', 'T')).toEqual([['1', 1, 5, 5], ['2', 0, 0, 5], ['3', 1, 1, 5], ['4', 1, 3, 3], ['5', 0, 0, 3], ['6', 0, 0, 0]]);
  });

  it('monetary value: the mean of the repeat purchases, the first left out, 0 without one', async () => {
    const { rows } = await customers(LARGE_WITH_AMOUNTS, END);
    expect(summary(rows, 'frequency', 'recency', 'T', 'monetary_value')).toEqual([
      ['1', 1, 36, 37, 2], ['2', 0, 0, 37, 0], ['3', 2, 4, 37, 3], ['4', 2, 20, 22, 3], ['5', 2, 2, 22, 4.5], ['6', 0, 0, 5, 0],
    ]);
  });

  it('drops the first purchase by time, whatever the order of the lines (lifetimes issue 85)', async () => {
    const { rows } = await customers('customer_id,date,amount\n2,2014-04-09,20\n2,2014-03-14,10\n2,2014-05-21,25\n');
    expect(rows[0].monetary_value).toBe(22.5);
  });
});

describe('engage customers: the edges', () => {
  it('one order, or every order on one day: frequency, recency and monetary value 0, never NaN', async () => {
    const { rows } = await customers('customer_id,date,amount,order_id\na,2026-01-05,10,o1\nb,2026-01-07 09:00,4,o2\nb,2026-01-07 18:00,6,o3\n', { observationEnd: '2026-01-10' });
    expect(summary(rows, 'frequency', 'recency', 'T', 'monetary_value', 'orders', 'revenue')).toEqual([['a', 0, 0, 5, 0, 1, 10], ['b', 0, 0, 3, 0, 2, 10]]);
  });

  it('an observation end before a customer’s first order leaves the customer out, and says so', async () => {
    const { rows, notes } = await customers('customer_id,date\na,2026-01-05\na,2026-03-01\nb,2026-02-01\n', { observationEnd: '2026-01-31' });
    expect(summary(rows, 'frequency', 'T')).toEqual([['a', 0, 26]]);
    expect(notes).toContain('2 purchase rows after the observation end (2026-01-31) left out');
    expect(notes).toContain('1 customer whose first purchase is after the observation end left out');
  });

  it('a bad amount or date stops with its line and column; a bad --observation-end is a usage error', async () => {
    const bad = await failure(customers('customer_id,date,amount\na,2026-01-05,10\na,2026-01-06,ten\n'));
    expect(bad.exitCode).toBe(65);
    expect(bad.message).toContain('"amount"');
    expect(bad.message).toContain(':3');
    expect((await failure(customers(SMALL, { observationEnd: 'soon' }))).exitCode).toBe(2);
    const badDate = await failure(customers('customer_id,date\na,2026-01-05\na,2026-02-30\n'));
    expect(badDate.exitCode).toBe(65);
    expect(badDate.message).toContain('2026-02-30');
    expect(badDate.message).toContain(':3');
  });
});

const HARDIE = '../shared/datasets/cdnow/cdnow_customers_summary_with_transactions.csv';

describe('engage customers on the CDNOW sample', () => {
  it('gives Hardie’s summary, observed to 1997-09-30: days ÷ 7 are his weeks', async () => {
    const { rows } = await customers(readFileSync('fixtures/cdnow_sample.csv', 'utf8'), { observationEnd: '1997-09-30' });
    expect(rows).toHaveLength(2357);
    // Customer 1 (from the paper's data): 3 purchases by 1997-08-02, x = 2, t_x = 30.43, T = 38.86, zbar = 22.35.
    expect(rows[0]).toMatchObject({ customer_id: '1', frequency: 2, recency: 213, T: 272, monetary_value: 22.345 });
    if (!existsSync(HARDIE)) return;
    const published = readFileSync(HARDIE, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    const byId = new Map(rows.map((r) => [Number(r.customer_id), r]));
    for (const [id, x, tx, T, zbar] of published) {
      const mine = byId.get(id)!;
      expect(mine.frequency).toBe(x);
      // Published to two decimals.
      expect(Math.abs((mine.recency as number) / 7 - tx)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((mine.T as number) / 7 - T)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((mine.monetary_value as number) - zbar)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });
});

describe('engage retention --revenue: each cohort’s revenue per customer by offset', () => {
  // January cohort: a (10 in Jan, 30 in Mar) and b (20 in Jan); February cohort: c (5 in Feb, 7 in Feb, 8 in Mar).
  const LOG = ['customer_id,date,amount', 'a,2026-01-03,10', 'b,2026-01-09,20', 'c,2026-02-02,5', 'c,2026-02-20,7', 'a,2026-03-05,30', 'c,2026-03-07,8'].join('\n');

  it('per period, and the all row over complete cells', async () => {
    const { rows } = await runEvents('retention', LOG, { revenue: true, until: '2026-04-01' });
    // January: 30 / 2, 0 / 2, 30 / 2; February: 12 / 1, 8 / 1. All: offset 0 (30 + 12) / 3, offset 1 (0 + 8) / 3, offset 2 30 / 2.
    expect(rows.map((r) => [r.cohort, r.customers, r.offset_0, r.offset_1, r.offset_2])).toEqual([
      ['2026-01', 2, 15, 0, 15],
      ['2026-02', 1, 12, 8, null],
      ['all', 3, 14, 8 / 3, 15],
    ]);
  });

  it('--cumulative: the LTV curve; --counts: revenue, not per customer', async () => {
    const { rows } = await runEvents('retention', LOG, { revenue: true, cumulative: true, counts: true, until: '2026-04-01' });
    expect(rows.map((r) => [r.cohort, r.offset_0, r.offset_1, r.offset_2])).toEqual([
      ['2026-01', 30, 30, 60],
      ['2026-02', 12, 20, null],
      ['all', 42, 50, 60],
    ]);
  });

  it('--cumulative alone and --revenue with --unbounded are usage errors', async () => {
    expect((await failure(runEvents('retention', LOG, { cumulative: true }))).exitCode).toBe(2);
    expect((await failure(runEvents('retention', LOG, { revenue: true, unbounded: true }))).exitCode).toBe(2);
  });
});
