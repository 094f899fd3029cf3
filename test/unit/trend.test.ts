import { describe, expect, it } from 'vitest';
import { evaluateFormula, parseFormula } from '../../src/metrics/trend/formula.js';
import { parseSeries } from '../../src/metrics/trend/series.js';
import { trailingMean } from '../../src/metrics/trend/table.js';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// engage trend as product-analytics.md "Trends" defines it, worked by hand.

const trend = async (lines: string[], options: Record<string, unknown>) => runEvents('trend', ['user,time,event,amount,plan', ...lines].join('\n'), options);

// The definition's own example, as four months of a log: revenue 20, 0, 30, 10;
// buyers 2, 0, 3, 1; viewers (rows of view) 4, 5, 5, 2.
const EXAMPLE = [
  ...['a', 'b'].map((u) => `${u},2026-01-10T12:00:00Z,purchase,10,basic`),
  ...Array.from({ length: 4 }, (_, i) => `v${i},2026-01-1${i}T08:00:00Z,view,,basic`),
  ...Array.from({ length: 5 }, (_, i) => `v${i},2026-02-1${i}T08:00:00Z,view,,pro`),
  ...['a', 'b', 'c'].map((u) => `${u},2026-03-03T12:00:00Z,purchase,10,pro`),
  ...Array.from({ length: 5 }, (_, i) => `v${i},2026-03-1${i}T08:00:00Z,view,,basic`),
  'a,2026-04-01T12:00:00Z,purchase,5,basic',
  'a,2026-04-30T12:00:00Z,purchase,5,basic',
  ...Array.from({ length: 2 }, (_, i) => `v${i},2026-04-1${i}T08:00:00Z,view,,basic`),
];
const SERIES = ['revenue=purchase:sum:amount', 'buyers=purchase:customers', 'viewers=view'];

describe('engage trend', () => {
  it('gives the definition’s example: series per month, a formula undefined where its divisor is 0', async () => {
    const { rows } = await trend(EXAMPLE, { series: SERIES, formula: 'revenue / buyers', until: '2026-05-01' });
    expect(rows.map((r) => [r.period, r.revenue, r.buyers, r.viewers, r.formula])).toEqual([
      ['2026-01', 20, 2, 4, 10],
      ['2026-02', 0, 0, 5, null],
      ['2026-03', 30, 3, 5, 10],
      ['2026-04', 10, 1, 2, 10],
    ]);
    const perViewer = await trend(EXAMPLE, { series: SERIES, formula: 'revenue / viewers', until: '2026-05-01' });
    expect(perViewer.rows.map((r) => r.formula)).toEqual([5, 0, 6, 5]);
  });

  it('--smooth 2: the mean of each value and the one before, undefined at the start and wherever one of them is', async () => {
    const { rows } = await trend(EXAMPLE, { series: SERIES, formula: 'revenue / buyers', smooth: 2, until: '2026-05-01' });
    expect(rows.map((r) => r.formula)).toEqual([null, null, null, 10]);
    expect(rows.map((r) => r.revenue)).toEqual([null, 10, 15, 20]);
    const perViewer = await trend(EXAMPLE, { series: SERIES, formula: 'revenue / viewers', smooth: 2, until: '2026-05-01' });
    expect(perViewer.rows.map((r) => r.formula)).toEqual([null, 2.5, 3, 5.5]);
  });

  it('counts events and customers of each series, every event for *, periods without rows listed as 0', async () => {
    const { rows } = await trend(EXAMPLE, { series: ['*', 'active=*:customers', 'purchase:customers'], period: 'month' });
    // January: 2 purchases + 4 views by a, b, v0–v3; February: 5 views by v0–v4; March: 3 + 5; April: 2 + 2 by a, v0, v1.
    expect(rows.map((r) => [r.period, r.partial, r.events, r.active, r.purchase_customers])).toEqual([
      ['2026-01', false, 6, 6, 2],
      ['2026-02', false, 5, 5, 0],
      ['2026-03', false, 8, 8, 3],
      ['2026-04', true, 4, 3, 1],
    ]);
  });

  it('sum:COL adds nothing for a blank cell, mean:COL leaves it out, and both say how many there were', async () => {
    const lines = ['a,2026-01-01T00:00:00Z,purchase,10,x', 'b,2026-01-02T00:00:00Z,purchase,,x', 'c,2026-01-03T00:00:00Z,purchase,"1,000",x', 'd,2026-02-03T00:00:00Z,purchase,,x', 'e,2026-02-04T00:00:00Z,view,,x'];
    const { rows, notes } = await trend(lines, { series: ['s=purchase:sum:amount', 'm=purchase:mean:amount', 'n=purchase'], until: '2026-03-01' });
    expect(rows.map((r) => [r.s, r.m, r.n])).toEqual([[1010, 505, 3], [0, null, 1]]);
    // The view's blank amount is not on a row a series sums.
    expect(notes).toContain('2 blank "amount" cells in no sum or mean (--series s=purchase:sum:amount) (at stdin:3, 5)');
  });

  it('reads a column of the file by its header, an event with a colon, and names a series after what it counts', async () => {
    const text = ['user,time,event,Price', 'a,2026-01-01T00:00:00Z,page:view,2.5', 'a,2026-01-02T00:00:00Z,page:view,$4.50'].join('\n');
    const { rows } = await runEvents('trend', text, { series: ['page:view:sum:Price', 'page:view:customers'] });
    expect(rows).toEqual([{ period: '2026-01', partial: true, page_view_sum_price: 7, page_view_customers: 1 }]);
  });

  it('--group-by: every period for each value, then the all rows', async () => {
    const { rows } = await trend(EXAMPLE, { series: ['buyers=purchase:customers'], groupBy: ['plan'], until: '2026-05-01' });
    expect(rows.map((r) => [r.period, r.plan, r.buyers])).toEqual([
      ['2026-01', 'basic', 2], ['2026-02', 'basic', 0], ['2026-03', 'basic', 0], ['2026-04', 'basic', 1],
      ['2026-01', 'pro', 0], ['2026-02', 'pro', 0], ['2026-03', 'pro', 3], ['2026-04', 'pro', 0],
      ['2026-01', 'all', 2], ['2026-02', 'all', 0], ['2026-03', 'all', 3], ['2026-04', 'all', 1],
    ]);
  });

  it('--since/--until list their periods, with or without rows; a cut period is partial', async () => {
    const { rows, notes } = await trend(EXAMPLE, { series: ['buyers=purchase:customers'], since: '2025-12-15', until: '2026-02-01' });
    expect(rows.map((r) => [r.period, r.partial, r.buyers])).toEqual([['2025-12', true, 0], ['2026-01', false, 2]]);
    expect(notes.some((n) => n.startsWith('2025-12 is partial: --since starts'))).toBe(true);
  });

  it('--compare: counts and sums relative to the period before, a mean and the formula by difference', async () => {
    const { rows } = await trend(EXAMPLE, { series: ['revenue=purchase:sum:amount', 'mean=purchase:mean:amount'], formula: 'revenue / 10', compare: 'previous', until: '2026-05-01' });
    expect(rows.map((r) => [r.revenue_change, r.mean_change, r.formula_change])).toEqual([
      [null, null, null],
      [-1, null, -2],
      [null, null, 3],
      [(10 - 30) / 30, 5 - 10, -2],
    ]);
  });
});

describe('bad input', () => {
  it('a bad cell of a summed column names the file, line, column and value', async () => {
    const error = await failure(trend(['a,2026-01-01T00:00:00Z,purchase,10,x', 'b,2026-01-02T00:00:00Z,purchase,ten,x'], { series: ['purchase:sum:amount'] }));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('(at stdin:3)');
    expect(error.message).toContain('bad "amount" value (--series purchase:sum:amount)');
    expect(error.message).toContain('"ten"');
  });

  it('a column the file lacks, a formula naming no series, a bad formula, names given twice are errors', async () => {
    expect((await failure(trend(EXAMPLE, { series: ['purchase:sum:price'] }))).message).toContain('--series purchase:sum:price: the file has no column "price"');
    expect((await failure(trend(EXAMPLE, { series: SERIES, formula: 'revenue / users' }))).message).toContain('"users" is not a series (the series: revenue, buyers, viewers)');
    expect((await failure(trend(EXAMPLE, { series: SERIES, formula: 'revenue / (buyers' }))).message).toContain('a "(" is not closed');
    expect((await failure(trend(EXAMPLE, { series: ['a=view', 'a=purchase'] }))).message).toContain('the name "a" is given twice');
    expect((await failure(trend(EXAMPLE, { series: ['period=view'] }))).message).toContain('the name "period" is a column of the table already');
    expect((await failure(trend(EXAMPLE, { series: ['revenue=purchase:sum'] }))).message).toContain('sum and mean need the column they read');
  });

  it('--event chooses the rows of a * series: with series of their own events only it has nothing to act on', async () => {
    expect((await failure(trend(EXAMPLE, { series: ['view'], events: ['purchase'] }))).message).toContain('--series view counts view, which --event leaves out');
    expect((await failure(trend(EXAMPLE, { series: ['purchase'], events: ['purchase'] }))).message).toContain('every --series names its own event');
    const { rows } = await trend(EXAMPLE, { series: ['*'], events: ['purchase'], until: '2026-05-01' });
    expect(rows.map((r) => r.events)).toEqual([2, 0, 3, 2]);
  });

  it('--smooth 1 is refused: a mean of one period is the series itself', async () => {
    expect((await failure(trend(EXAMPLE, { smooth: 1 }))).message).toContain('smooth: must be at least 2');
  });
});

describe('formulas and series, as parsed', () => {
  const value = (text: string, values: Record<string, number | null>) => evaluateFormula(parseFormula(text, Object.keys(values)), (name) => values[name]);

  it('* and / before + and −, left to right, parentheses and unary minus', () => {
    expect(value('a + b * c', { a: 1, b: 2, c: 3 })).toBe(7);
    expect(value('a - b - c', { a: 10, b: 2, c: 3 })).toBe(5);
    expect(value('a / b / c', { a: 12, b: 2, c: 3 })).toBe(2);
    expect(value('(a + b) * -c', { a: 1, b: 2, c: 3 })).toBe(-9);
    expect(value('a − 2 × b ÷ 4', { a: 1, b: 2 })).toBe(0);
    expect(value('.5 * a', { a: 4 })).toBe(2);
  });

  it('undefined in, undefined out; a divisor of 0 is undefined, 0 divided is 0', () => {
    expect(value('a + b', { a: 1, b: null })).toBeNull();
    expect(value('a / (b - 1)', { a: 1, b: 1 })).toBeNull();
    expect(value('(b - 1) / a', { a: 1, b: 1 })).toBe(0);
  });

  it('trailing means: undefined for the first n − 1 and around an undefined value', () => {
    expect(trailingMean([1, 2, 3, null, 5, 6], 2)).toEqual([null, 1.5, 2.5, null, null, 5.5]);
  });

  it('series: NAME=EVENT[:how], the event lower-cased, * for every event', () => {
    expect(parseSeries('Orders=Purchase')).toMatchObject({ name: 'Orders', event: 'purchase', kind: 'events' });
    expect(parseSeries('*:customers')).toMatchObject({ name: 'customers', event: undefined, kind: 'customers' });
    expect(parseSeries('rev=purchase:sum:Order Total')).toMatchObject({ name: 'rev', kind: 'sum', column: 'Order Total' });
    expect(parseSeries('購入:mean:金額')).toMatchObject({ name: '購入_mean_金額', event: '購入', kind: 'mean', column: '金額' });
  });
});

describe('engage trend on fixtures/orders.csv', () => {
  it('equals the figures of an independent Python reading (csv + datetime, months in UTC)', async () => {
    const { readFileSync } = await import('node:fs');
    const { rows } = await runEvents('trend', readFileSync('fixtures/orders.csv'), { series: ['orders=purchase', 'buyers=purchase:customers', 'revenue=purchase:sum:amount'], formula: 'revenue / buyers' });
    // python3: for each purchase row, month of the timestamp in UTC; rows, distinct customer_id, Σ float(amount or 0).
    expect(rows.map((r) => [r.period, r.orders, r.buyers, r.revenue])).toEqual([
      ['2026-01', 15, 7, 37140],
      ['2026-02', 27, 13, 71720],
      ['2026-03', 7, 4, 18380],
      ['2026-04', 4, 3, 14180],
    ]);
    expect(rows.map((r) => r.formula)).toEqual([37140 / 7, 71720 / 13, 18380 / 4, 14180 / 3]);
  });
});

describe('engage trend against PostHog’s published formula tests (test_formula.py)', () => {
  // PostHog's set-up: "session start" with xyz 200, 300, 400 on 2 January 2020 and 400, 500 on
  // 3 January; three "session end" rows on 3 January. A = sum of xyz, B = mean of xyz.
  const lines = [
    'blabla,2020-01-02T13:01:01Z,session start,200,Paris',
    'blabla,2020-01-02T13:01:01Z,session start,300,Paris',
    'blabla,2020-01-02T13:01:01Z,session start,400,London',
    'blabla,2020-01-03T13:01:01Z,session start,400,London',
    'blabla,2020-01-03T13:04:01Z,session start,500,London',
    'blabla,2020-01-03T13:04:01Z,session end,500,London',
    'blabla,2020-01-03T13:04:01Z,session end,500,Belo Horizonte',
    'blabla,2020-01-03T13:04:01Z,session end,400,',
  ];
  const AB = ['A=session start:sum:amount', 'B=session start:mean:amount'];
  const days = async (formula: string, extra: Record<string, unknown> = {}) =>
    (await trend(lines, { series: AB, formula, period: 'day', ...extra })).rows.map((r) => r.formula);

  it('A + B, A − B, A × B, A ÷ B and (A / 3600) / B per day', async () => {
    // test_day_interval: 1200 and 1350; test_formula: 600 and 450, 270000 and 405000, 3 and 2, 1/1200 and 1/1800.
    expect(await days('A + B')).toEqual([1200, 1350]);
    expect(await days('A - B')).toEqual([600, 450]);
    expect(await days('A * B')).toEqual([270000, 405000]);
    expect(await days('A / B')).toEqual([3, 2]);
    expect(await days('(A/3600)/B')).toEqual([1 / 1200, 1 / 1800]);
  });

  it('by week and by month the five values are one period: A + B = 1800 + 360', async () => {
    // test_week_interval and test_month_interval: 2160.
    expect((await trend(lines, { series: AB, formula: 'A + B', period: 'week' })).rows.map((r) => r.formula)).toEqual([2160]);
    expect((await trend(lines, { series: AB, formula: 'A + B', period: 'month' })).rows.map((r) => r.formula)).toEqual([2160]);
  });

  it('by location, A − B: London 0 then 450, Paris 250 (test_breakdown)', async () => {
    const { rows } = await trend(lines, { series: AB, formula: 'A - B', period: 'day', groupBy: ['plan'] });
    const of = (where: string) => rows.filter((r) => r.plan === where).map((r) => r.formula);
    expect(of('London')).toEqual([0, 450]);
    // Peers: PostHog prints 0 for Paris on 3 January, where B (a mean of no rows) is undefined: engage leaves the formula undefined.
    expect(of('Paris')).toEqual([250, null]);
  });

  it('a division by zero is undefined (PostHog prints 0: test_formula’s A/0)', async () => {
    expect(await days('A / 0')).toEqual([null, null]);
  });
});
