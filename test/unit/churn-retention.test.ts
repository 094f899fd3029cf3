import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failure } from '../helpers/rate.js';
import { EVENTS, runEvents } from '../helpers/events.js';

const churn = async (options: Record<string, unknown> = {}, text = EVENTS) => runEvents('churn', text, options);
const retention = async (options: Record<string, unknown> = {}, text = EVENTS) => runEvents('retention', text, options);
const offsets = (row: Record<string, unknown>, width: number) => Array.from({ length: width }, (_, k) => row[`offset_${k}`]);

describe('engage churn, activity model, hand-worked', () => {
  // A(Jan) = {c1, c2}, A(Feb) = {c2, c3}, A(Mar) = {c4}, A(Apr) = {c1}; April is partial.
  it('counts active, new, returning and churned per month', async () => {
    const { rows } = await churn();
    expect(rows.map((r) => [r.period, r.partial, r.active, r.new, r.returning, r.churned, r.churn_rate, r.retention_rate])).toEqual([
      ['2026-01', false, 2, 2, 0, null, null, null],
      ['2026-02', false, 2, 1, 1, 1, 0.5, 0.5],
      ['2026-03', false, 1, 1, 0, 2, 1, 0],
      ['2026-04', true, 1, 0, 1, 1, 1, 0],
      // Complete periods only: (1 + 2) / (2 + 2).
      ['all', false, 4, 4, 0, 3, 0.75, 0.25],
    ]);
  });

  it('counts the last period in the overall row once --until says it is complete', async () => {
    const { rows } = await churn({ until: '2026-05-01' });
    expect(rows.at(-2)).toMatchObject({ period: '2026-04', partial: false });
    expect(rows.at(-1)).toMatchObject({ churned: 4, churn_rate: 0.8 });
  });

  it('keeps an empty month in the middle: everyone churned, then nobody to churn', async () => {
    const { rows } = await churn({ events: ['purchase'], until: '2026-05-01' });
    expect(rows.map((r) => [r.period, r.active, r.churned, r.churn_rate])).toEqual([
      ['2026-01', 2, null, null],
      ['2026-02', 2, 1, 0.5],
      ['2026-03', 0, 2, 1],
      ['2026-04', 1, 0, null],
      ['all', 3, 3, 0.75],
    ]);
  });

  it('labels weeks across the year boundary by ISO week', async () => {
    const text = 'user,time\na,2025-12-29T12:00:00Z\nb,2026-01-04T12:00:00Z\na,2026-01-05T12:00:00Z\n';
    const { rows } = await churn({ period: 'week', until: '2026-01-12' }, text);
    expect(rows.map((r) => [r.period, r.active, r.churned])).toEqual([
      ['2026-W01', 2, null],
      ['2026-W02', 1, 1],
      ['all', 2, 1],
    ]);
  });

  it('buckets days in --tz across a DST change', async () => {
    // New York springs forward on 2026-03-08: 04:30Z is 23:30 the day before, 07:30Z is 03:30 EDT.
    const text = 'user,time\na,2026-03-08T04:30:00Z\nb,2026-03-08T07:30:00Z\nc,2026-03-08T12:00:00-04:00\n';
    const { rows } = await churn({ period: 'day', tz: 'America/New_York', until: '2026-03-09T00:00:00-04:00' }, text);
    expect(rows.map((r) => [r.period, r.active])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 2],
      ['all', 3],
    ]);
  });

  it('groups by a column, overall last', async () => {
    const { rows } = await churn({ groupBy: ['country'] });
    expect(rows.filter((r) => r.country === 'US').map((r) => [r.period, r.active])).toEqual([
      ['2026-01', 1],
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
    expect(rows.at(-1)).toMatchObject({ period: 'all', country: 'all', active: 4 });
  });

});

describe('engage retention, hand-worked', () => {
  // Cohorts by first event: Jan {c1, c2}, Feb {c3}, Mar {c4}; April is partial.
  it('builds the triangle of shares, with partial cells and the weighted mean row', async () => {
    const { rows, table } = await retention();
    expect(rows.map((r) => [r.cohort, r.customers, ...offsets(r, 4), r.partial_offset])).toEqual([
      ['2026-01', 2, 1, 0.5, 0, 0.5, 3],
      ['2026-02', 1, 1, 0, 0, null, 2],
      ['2026-03', 1, 1, 0, null, null, 1],
      // Complete cells only: offset 1 is (1 + 0) / (2 + 1); offset 3 has none.
      ['all', 4, 1, 1 / 3, 0, null, null],
    ]);
    expect(table.marks).toEqual([
      [0, 5],
      [1, 4],
      [2, 3],
    ]);
  });

  it('--unbounded counts a customer at every offset up to their last activity', async () => {
    const { rows } = await retention({ unbounded: true, counts: true, until: '2026-05-01' });
    expect(rows.map((r) => [r.cohort, r.customers, ...offsets(r, 4)])).toEqual([
      ['2026-01', 2, 2, 2, 1, 1],
      ['2026-02', 1, 1, 0, 0, null],
      ['2026-03', 1, 1, 0, null, null],
      ['all', 4, 4, 2, 1, 1],
    ]);
  });

  it('--start-event and --return-event split who starts a cohort from what counts as coming back', async () => {
    const { rows } = await retention({ startEvents: ['visit'], returnEvents: ['purchase'], until: '2026-05-01' });
    // Cohorts by first visit: c2 in January, c4 in March; coming back = a purchase.
    expect(rows.map((r) => [r.cohort, r.customers, ...offsets(r, 4)])).toEqual([
      ['2026-01', 1, 1, 1, 0, 0],
      ['2026-03', 1, 0, 0, null, null],
      ['all', 2, 0.5, 0.5, 0, 0],
    ]);
  });

  it('cohorts with no return event at all are retained by nobody, not an error', async () => {
    // Two sign-ups, in January and February, and no purchase yet: the data ends in February.
    const text = 'user,date,event\na,2026-01-05,signup\nb,2026-02-06,signup\n';
    const { rows } = await retention({ startEvents: ['signup'], returnEvents: ['purchase'], until: '2026-03-01' }, text);
    expect(rows.map((r) => [r.cohort, r.customers, ...offsets(r, 2)])).toEqual([
      ['2026-01', 1, 0, 0],
      ['2026-02', 1, 0, null],
      ['all', 2, 0, 0],
    ]);
  });

  it('by week across the year boundary', async () => {
    const text = 'user,time\na,2025-12-29\nb,2025-12-30\na,2026-01-06\nb,2026-01-13\n';
    const { rows } = await retention({ period: 'week', until: '2026-01-19' }, text);
    expect(rows.map((r) => [r.cohort, r.customers, ...offsets(r, 3)])).toEqual([
      ['2026-W01', 2, 1, 0.5, 0.5],
      ['all', 2, 1, 0.5, 0.5],
    ]);
  });
});

describe('engage churn --model subscription, hand-worked', () => {
  // fixtures/subscriptions.csv: s1 cancels in February and comes back in April;
  // s2 downgrades 50 → 30 in February; s3 upgrades 30 → 50 in March; s4 starts
  // in February and cancels in March; s5 starts and cancels in February.
  const text = readFileSync('fixtures/subscriptions.csv', 'utf8');
  const subscription = async (options: Record<string, unknown> = {}) => runEvents('churn', text, { ...options, model: 'subscription' });

  it('--event has nothing to act on: the model reads every subscription event', async () => {
    expect((await failure(subscription({ events: ['start'] }))).message).toContain('--event has nothing to act on with --model subscription');
  });

  it('excludes customers who start and cancel in one period (ChartMogul)', async () => {
    const { rows } = await subscription();
    expect(rows.map((r) => [r.period, r.customers_at_start, r.new, r.started_and_ended, r.churned, r.churn_rate])).toEqual([
      ['2026-01', 0, 3, 0, 0, null],
      ['2026-02', 3, 1, 1, 1, 1 / 3],
      ['2026-03', 3, 1, 0, 1, 1 / 3],
      ['2026-04', 3, 1, 0, 0, 0],
      ['all', 6, 5, 1, 2, 1 / 3],
    ]);
    expect(rows[3].partial).toBe(true);
  });

  it('gives gross and net MRR churn from contraction and expansion', async () => {
    const { rows } = await subscription();
    expect(rows[1]).toMatchObject({ mrr_at_start: 110, new_mrr: 30, churned_mrr: 30, contraction_mrr: 20, expansion_mrr: 0 });
    expect(rows[1].gross_mrr_churn).toBeCloseTo(50 / 110, 15);
    expect(rows[1].net_mrr_churn).toBeCloseTo(50 / 110, 15);
    expect(rows[2]).toMatchObject({ mrr_at_start: 90, churned_mrr: 30, contraction_mrr: 0, expansion_mrr: 20 });
    expect(rows[2].gross_mrr_churn).toBeCloseTo(30 / 90, 15);
    expect(rows[2].net_mrr_churn).toBeCloseTo(10 / 90, 15);
    expect(rows[4]).toMatchObject({ mrr_at_start: 200, churned_mrr: 60, gross_mrr_churn: 0.4, net_mrr_churn: 0.3 });
  });

  it('--same-period include counts them as churned and adds new customers to the base (Stripe)', async () => {
    const { rows } = await subscription({ samePeriod: 'include', until: '2026-05-01' });
    // February: (1 churned + 1 started and ended) / (3 at start + 1 new + 1 started and ended).
    expect(rows[1]).toMatchObject({ churned: 2, churn_rate: 0.4 });
    expect(rows[3]).toMatchObject({ period: '2026-04', partial: false, churned: 0 });
    expect(rows[4].churn_rate).toBeCloseTo(3 / (9 + 6 + 1), 15);
  });
});

describe('event logs as they come', () => {
  it('reads the headers of analytics and Japanese shop exports', async () => {
    const analytics = 'user_id,event_time,event_type\nu1,1767261600,open\nu2,1767261600000,open\nu1,2026-02-03 10:00,open\n';
    const { rows } = await churn({ until: '2026-03-01' }, analytics);
    // Epoch seconds and milliseconds for 2026-01-01 10:00 UTC, then February.
    expect(rows.map((r) => [r.period, r.active, r.churned])).toEqual([
      ['2026-01', 2, null],
      ['2026-02', 1, 1],
      ['all', 2, 1],
    ]);
    const japanese = '顧客ID,日時,金額\nA,2026/01/05 10:00,1200\nA,2026/01/20 10:00,800\nB,2026/01/07 09:00,500\n';
    const repeat = await runEvents('repeat', japanese);
    expect(repeat.rows[0]).toMatchObject({ customers: 2, repeat_customers: 1, revenue: 2500 });
  });

  it('reads other timestamp shapes with --date-format, and names a mismatch', async () => {
    const text = 'customer,date\na,14/01/2026\nb,03/02/2026\n';
    const { rows } = await churn({ dateFormat: 'DD/MM/YYYY', until: '2026-03-01' }, text);
    expect(rows.map((r) => [r.period, r.active])).toEqual([
      ['2026-01', 1],
      ['2026-02', 1],
      ['all', 2],
    ]);
    const error = await failure(churn({ dateFormat: 'DD/MM/YYYY' }, 'customer,date\na,2026-01-14\n'));
    expect(error.message).toContain('"2026-01-14" does not match --date-format "DD/MM/YYYY"');
  });

  it('retention --group-by gives a triangle per group and the overall mean last', async () => {
    const { rows } = await retention({ groupBy: ['country'], until: '2026-05-01' });
    expect(rows.map((r) => [r.country, r.cohort, r.customers])).toEqual([
      ['JP', '2026-01', 1],
      ['JP', '2026-02', 1],
      ['US', '2026-01', 1],
      ['US', '2026-03', 1],
      ['all', 'all', 4],
    ]);
    // JP's January cohort is c1: back in April only.
    expect(offsets(rows[0], 4)).toEqual([1, 0, 0, 1]);
  });
});
