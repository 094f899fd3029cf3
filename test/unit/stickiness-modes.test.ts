import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// Stickiness's rolling windows, distributions and criteria as
// product-analytics.md defines them, worked by hand (days in the comments).

const stickiness = async (lines: string[], options: Record<string, unknown>) => runEvents('stickiness', ['user,time', ...lines].join('\n'), options);

describe('--distribution --period', () => {
  // The definition's example: one customer active on Mon 2, Tue 3 and Mon 9 March 2026, another on Sun 8 March.
  const lines = ['a,2026-03-02T10:00:00Z', 'a,2026-03-03T10:00:00Z', 'a,2026-03-09T10:00:00Z', 'b,2026-03-08T10:00:00Z'];
  const table = async (options: Record<string, unknown>) => (await stickiness(lines, { distribution: true, until: '2026-03-16', ...options })).rows.map((r) => Object.values(r).filter((_, i) => i !== 1));

  it('Monday weeks: W10 has 1 day: 1, 2 days: 1; W11 has 1 day: 1', async () => {
    expect(await table({ period: 'week' })).toEqual([['2026-W10', 1, 1, 0.5], ['2026-W10', 2, 1, 0.5], ['2026-W11', 1, 1, 1]]);
  });

  it('Sunday weeks: 1–7 March has 2 days: 1; 8–14 March has 1 day: 2', async () => {
    expect((await table({ period: 'week', weekStart: 'sunday' })).map((r) => r.slice(1))).toEqual([[2, 1, 1], [1, 2, 1]]);
  });

  it('the whole range: 1 day: 1, 3 days: 1; cumulative: 1 or more: 2, 2 or more: 1, 3 or more: 1', async () => {
    expect((await table({ period: 'range' })).map((r) => r.slice(1))).toEqual([[1, 1, 0.5], [3, 1, 0.5]]);
    expect((await table({ period: 'range', cumulative: true })).map((r) => r.slice(1))).toEqual([[1, 2, 1], [2, 1, 0.5], [3, 1, 0.5]]);
  });

  it('--period and --cumulative need --distribution', async () => {
    expect((await failure(stickiness(lines, { cumulative: true }))).message).toContain('--cumulative says how --distribution counts active days');
  });
});

describe('--rolling', () => {
  it('counts the customers active on one of the trailing n days, each day of the range, and their ratios', async () => {
    // a: 1 and 3 March; b: 3 March. Windows 1 and 2 days.
    const { rows } = await stickiness(['a,2026-03-01T10:00:00Z', 'a,2026-03-03T10:00:00Z', 'b,2026-03-03T12:00:00Z'], { rolling: [2] });
    expect(rows.map((r) => [r.day, r.incomplete, r.active_1d, r.active_2d, r.ratio_1d_2d])).toEqual([
      ['2026-03-01', true, 1, 1, 1],
      ['2026-03-02', false, 0, 1, 0],
      ['2026-03-03', false, 2, 2, 1],
    ]);
  });

  it('lists days without activity, and a ratio over nobody is undefined', async () => {
    const { rows } = await stickiness(['a,2026-03-01T10:00:00Z', 'a,2026-03-05T10:00:00Z'], { rolling: [2], since: '2026-03-01', until: '2026-03-06' });
    expect(rows.map((r) => [r.day, r.active_2d, r.ratio_1d_2d])).toEqual([
      ['2026-03-01', 1, 1], ['2026-03-02', 1, 0], ['2026-03-03', 0, null], ['2026-03-04', 0, null], ['2026-03-05', 1, 1],
    ]);
  });
});

describe('--criteria', () => {
  it('makes a customer active on a day only with that many events that day', async () => {
    // a: three events on 2 March, one on 3 March; b: one on 2 March. '>=2': only a, on 2 March.
    const lines = ['a,2026-03-02T09:00:00Z', 'a,2026-03-02T10:00:00Z', 'a,2026-03-02T11:00:00Z', 'a,2026-03-03T09:00:00Z', 'b,2026-03-02T09:00:00Z'];
    const { rows } = await stickiness(lines, { criteria: '>=2', until: '2026-04-01' });
    expect(rows[0]).toMatchObject({ month: '2026-03', mau: 1, mean_active_days: 1 });
    const exactlyOne = await stickiness(lines, { criteria: '=1', until: '2026-04-01' });
    // a on 3 March, b on 2 March.
    expect(exactlyOne.rows[0]).toMatchObject({ mau: 2, mean_active_days: 1 });
  });
});

describe('against PostHog’s published stickiness tests (test_stickiness_query_runner.py)', () => {
  // p1 views a page every day from 11 to 19 January 2020 (Chrome); p2 every other day, 11 to 19 (Firefox).
  const lines = [
    ...[11, 12, 13, 14, 15, 16, 17, 18, 19].map((d) => `p1,2020-01-${d}T12:00:00Z,$pageview,Chrome`),
    ...[11, 12, 13, 14, 15, 16, 17, 18, 19].map((d) => `p1,2020-01-${d}T12:00:00Z,$pageleave,Chrome`),
    ...[11, 13, 15, 17, 19].map((d) => `p2,2020-01-${d}T12:00:00Z,$pageview,Firefox`),
  ];
  const run = (options: Record<string, unknown>) =>
    runEvents('stickiness', ['user,time,event,browser', ...lines].join('\n'), { distribution: true, period: 'range', since: '2020-01-11', until: '2020-01-21', events: ['$pageview'], ...options });

  it('test_interval_day: one person on 5 days, one on 9', async () => {
    const { rows } = await run({});
    expect(rows.map((r) => [r.active_days, r.customers])).toEqual([[5, 1], [9, 1]]);
  });

  it('test_property_filtering: Chrome alone, one person on 9 days', async () => {
    const { rows } = await run({ where: ['browser=Chrome'] });
    expect(rows.map((r) => [r.active_days, r.customers])).toEqual([[9, 1]]);
  });

  it('cumulative, worked by hand on the same data: 2 people active on n days or more for n up to 5, 1 for 6 to 9', async () => {
    const { rows } = await run({ cumulative: true });
    expect(rows.map((r) => r.customers)).toEqual([2, 2, 2, 2, 2, 1, 1, 1, 1]);
  });
});
