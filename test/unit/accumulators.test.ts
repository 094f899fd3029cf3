import { describe, expect, it } from 'vitest';
import { rowObjects } from '../../src/format/document.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { MISSING_AMOUNT } from '../../src/schema/values.js';

// Rows in, figures out: each metric's state is fed typed rows, as its row
// plan would hand them on, and its table is checked against numbers worked
// out by hand (METRICS.md gives each definition). No file is read.

type Row = Record<string, unknown> & { at?: string };

function table(metric: string, options: Record<string, unknown>, rows: Row[]) {
  const spec = metricNamed(metric)!;
  const job = spec.create(parseOptions(spec.options, options));
  const periods = job.plan.time.periods;
  for (const { at, ...fields } of rows) {
    const time = at === undefined ? Number.NaN : Date.parse(at);
    const row = { time, publishedAt: time, period: periods ? periods.keyOf(time) : 0, groups: [], event: '', amount: MISSING_AMOUNT, firstOfOrder: true, ...fields };
    job.state.observe?.(row);
    job.state.add(row);
  }
  return rowObjects(job.table().table);
}

// Customers are interned integers: a = 0, b = 1, c = 2.
const [a, b, c] = [0, 1, 2];
const ACTIVITY: Row[] = [
  { customer: a, at: '2026-01-03T00:00:00Z' },
  { customer: b, at: '2026-01-20T00:00:00Z' },
  { customer: a, at: '2026-02-02T00:00:00Z' },
  { customer: c, at: '2026-02-14T00:00:00Z' },
  { customer: b, at: '2026-03-09T00:00:00Z' },
  { customer: c, at: '2026-03-30T00:00:00Z' },
];

describe('event metrics from rows', () => {
  it('churn: January {a, b}, February {a, c}, March {b, c}', () => {
    const rows = table('churn', { until: '2026-04-01' }, ACTIVITY);
    // February: b churned of 2; March: a churned of 2. Overall 2 / 4.
    expect(rows.map((r) => [r.period, r.active, r.new, r.returning, r.churned, r.churn_rate])).toEqual([
      ['2026-01', 2, 2, 0, null, null],
      ['2026-02', 2, 1, 1, 1, 0.5],
      ['2026-03', 2, 0, 2, 1, 0.5],
      ['all', 3, 3, 0, 2, 0.5],
    ]);
  });

  it('lifecycle: b comes back in March after a month away', () => {
    const rows = table('lifecycle', { until: '2026-04-01' }, ACTIVITY);
    // March: c returning, b resurrecting, a dormant: quick ratio (0 + 1) / 1.
    expect(rows.map((r) => [r.period, r.new, r.returning, r.resurrecting, r.dormant, r.quick_ratio])).toEqual([
      ['2026-01', 2, 0, 0, 0, null],
      ['2026-02', 1, 1, 0, -1, 1],
      ['2026-03', 0, 1, 1, -1, 1],
      ['all', 3, 2, 1, -2, 2],
    ]);
  });

  it('retention: the triangle and the weighted mean row', () => {
    const rows = table('retention', { until: '2026-04-01' }, ACTIVITY);
    // Cohort January {a, b}: a back in February, b in March. Cohort February {c}: back in March.
    expect(rows.map((r) => [r.cohort, r.customers, r.offset_0, r.offset_1, r.offset_2])).toEqual([
      ['2026-01', 2, 1, 0.5, 0.5],
      ['2026-02', 1, 1, 1, null],
      ['all', 3, 1, 2 / 3, 0.5],
    ]);
  });

  it('repeat: a ordered twice (13 days apart), b and c once', () => {
    const rows = table('repeat', {}, [
      { customer: a, at: '2026-01-01T00:00:00Z', amount: 10 },
      { customer: a, at: '2026-01-14T00:00:00Z', amount: 20 },
      { customer: b, at: '2026-01-05T00:00:00Z', amount: 30 },
      { customer: c, at: '2026-01-06T00:00:00Z', amount: 0 },
    ]);
    expect(rows[0]).toMatchObject({ customers: 3, repeat_customers: 1, repeat_rate: 1 / 3, orders: 4, mean_days_between: 13, revenue: 60, revenue_per_customer: 20 });
  });

  it('funnel: u0 goes view → cart → purchase in two hours, u1 skips the cart, u2 only adds to cart', () => {
    const rows = table('funnel', { steps: ['view', 'cart', 'purchase'], window: '1d' }, [
      { customer: 0, event: 'view', at: '2026-01-01T10:00:00Z' },
      { customer: 0, event: 'cart', at: '2026-01-01T11:00:00Z' },
      { customer: 0, event: 'purchase', at: '2026-01-01T12:00:00Z' },
      { customer: 1, event: 'view', at: '2026-01-02T10:00:00Z' },
      { customer: 1, event: 'purchase', at: '2026-01-02T10:30:00Z' },
      { customer: 2, event: 'cart', at: '2026-01-03T10:00:00Z' },
    ]);
    expect(rows.map((r) => [r.event, r.customers, r.conversion_from_previous, r.conversion_from_first, r.median_hours_from_previous])).toEqual([
      ['view', 2, null, 1, null],
      ['cart', 1, 0.5, 0.5, 1],
      ['purchase', 1, 1, 0.5, 1],
    ]);
  });

  it('subscriptions: a cancel, an upgrade and a start-and-cancel inside February', () => {
    const rows = table('churn', { model: 'subscription', until: '2026-03-01' }, [
      { customer: 0, event: 'start', amount: 10, at: '2026-01-10T00:00:00Z' },
      { customer: 1, event: 'start', amount: 20, at: '2026-01-05T00:00:00Z' },
      { customer: 1, event: 'upgrade', amount: 30, at: '2026-02-10T00:00:00Z' },
      { customer: 0, event: 'cancel', at: '2026-02-15T00:00:00Z' },
      { customer: 2, event: 'start', amount: 5, at: '2026-02-03T00:00:00Z' },
      { customer: 2, event: 'cancel', at: '2026-02-20T00:00:00Z' },
    ]);
    // February starts with 0 and 1 (MRR 30): 0 churns (10), 1 expands by 10; 2 starts and ends inside it.
    expect(rows[1]).toMatchObject({ period: '2026-02', customers_at_start: 2, new: 0, started_and_ended: 1, churned: 1, churn_rate: 0.5, mrr_at_start: 30, churned_mrr: 10, expansion_mrr: 10, gross_mrr_churn: 1 / 3, net_mrr_churn: 0 });
  });

  it('stickiness: in February a is active on two days and b on one', () => {
    const rows = table('stickiness', { until: '2026-03-01' }, [
      { customer: a, at: '2026-02-02T09:00:00Z' },
      { customer: a, at: '2026-02-03T09:00:00Z' },
      { customer: b, at: '2026-02-02T18:00:00Z' },
    ]);
    // Σ daily actives = 3 over 28 days. 1 February 2026 is a Sunday, so the ISO weeks wholly
    // inside the month are those of the 2nd, 9th and 16th (the 23rd's ends on 1 March);
    // the first holds both customers: Σ weekly actives 2 over 3 weeks.
    expect(rows[0]).toMatchObject({ month: '2026-02', mau: 2, mean_dau: 3 / 28, dau_mau: 3 / 56, mean_wau: 2 / 3, wau_mau: 1 / 3, mean_active_days: 1.5 });
  });
});

describe('posts and answers from rows', () => {
  it('rate: a zero basis is left out of every rate but counted', () => {
    const rows = table('rate', {}, [
      { interactions: 10, basis: 100 },
      { interactions: 5, basis: 0 },
      { interactions: 30, basis: 200 },
    ]);
    expect(rows[0]).toMatchObject({ posts: 3, left_out: 1, interactions: 40, basis: 300, pooled_rate: 40 / 300, mean_rate: 0.125, median_rate: 0.125 });
  });

  it('nps: two promoters, one passive, two detractors', () => {
    const rows = table('nps', {}, [10, 9, 8, 0, 6].map((score) => ({ score })));
    // p = d = 0.4: NPS 0, margin 100 × 1.96 × √(0.8 / 5).
    expect(rows[0]).toMatchObject({ responses: 5, promoters: 2, passives: 1, detractors: 2, nps: 0 });
    expect(rows[0].margin).toBeCloseTo(196 * Math.sqrt(0.16), 12);
  });

  it('csat on 1–10: the top two boxes are 9 and 10', () => {
    const rows = table('csat', { scale: '1-10' }, [10, 9, 8, 1].map((score) => ({ score })));
    expect(rows[0]).toMatchObject({ responses: 4, satisfied: 2, csat: 0.5, mean_score: 7 });
  });
});
