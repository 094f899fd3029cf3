import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failure } from '../helpers/rate.js';
import { runEvents } from '../helpers/events.js';

const lifecycle = async (text: string, options: Record<string, unknown> = {}) => runEvents('lifecycle', text, options);
const stickiness = async (text: string, options: Record<string, unknown> = {}) => runEvents('stickiness', text, options);
const funnel = async (text: string, options: Record<string, unknown>) => runEvents('funnel', text, options);

describe('engage lifecycle, hand-worked', () => {
  it('follows a customer across a gap of two periods', async () => {
    // a: Jan, then Apr (dormant in Feb, nothing in Mar, resurrecting in Apr); b: Jan and Feb; c: Mar and Apr.
    const text = 'user,time\na,2026-01-10\nb,2026-01-11\nb,2026-02-03\nc,2026-03-04\nc,2026-04-05\na,2026-04-20\n';
    const { rows } = await lifecycle(text, { until: '2026-05-01' });
    expect(rows.map((r) => [r.period, r.active, r.new, r.returning, r.resurrecting, r.dormant, r.quick_ratio])).toEqual([
      ['2026-01', 2, 2, 0, 0, 0, null],
      ['2026-02', 1, 0, 1, 0, -1, 0],
      ['2026-03', 1, 1, 0, 0, -1, 1],
      ['2026-04', 2, 0, 1, 1, 0, null],
      ['all', 6, 3, 2, 1, -2, 2],
    ]);
  });
});

describe('engage stickiness, hand-worked', () => {
  it('a customer active every day of February and one active once', async () => {
    const lines = ['user,time'];
    for (let day = 1; day <= 28; day++) lines.push(`daily,2026-02-${String(day).padStart(2, '0')}T12:00:00Z`);
    lines.push('once,2026-02-11T12:00:00Z');
    const { rows } = await stickiness(lines.join('\n'), { until: '2026-03-01' });
    // MAU 2; DAU is 1 on 27 days and 2 on one: mean 29/28. ISO weeks inside February 2026:
    // 2–8, 9–15, 16–22, 23–Mar 1 is not inside; WAU 1, 2, 1 → mean 4/3.
    expect(rows[0]).toMatchObject({ month: '2026-02', partial: false, mau: 2, mean_active_days: 14.5 });
    expect(rows[0].mean_dau).toBeCloseTo(29 / 28, 15);
    expect(rows[0].dau_mau).toBeCloseTo(29 / 56, 15);
    expect(rows[0].mean_wau).toBeCloseTo(4 / 3, 15);
    expect(rows[0].wau_mau).toBeCloseTo(2 / 3, 15);
    const distribution = await stickiness(lines.join('\n'), { until: '2026-03-01', distribution: true });
    expect(distribution.rows.map((r) => [r.active_days, r.customers, r.share])).toEqual([
      [1, 1, 0.5],
      [28, 1, 0.5],
    ]);
  });

  it('counts days in --tz', async () => {
    // 2026-01-31T20:00Z is already February 1st in Tokyo.
    const text = 'user,time\na,2026-01-31T20:00:00Z\n';
    expect((await stickiness(text, { until: '2026-03-01' })).rows[0].month).toBe('2026-01');
    expect((await stickiness(text, { tz: 'Asia/Tokyo', until: '2026-03-01' })).rows[0].month).toBe('2026-02');
  });
});

describe('engage funnel, hand-worked', () => {
  // fixtures/funnel.csv: u1 goes through; u2's purchase is 9 days after the view (outside 7d);
  // u3's cart comes before the view (out of order); u4 only buys; u5 buys exactly 7 days after the view.
  const text = readFileSync('fixtures/funnel.csv', 'utf8');

  it('counts each step after the one before and within the window', async () => {
    const { rows } = await funnel(text, { steps: ['view', 'cart', 'purchase'], window: '7d' });
    expect(rows.map((r) => [r.step, r.event, r.customers, r.conversion_from_previous, r.conversion_from_first, r.median_hours_from_previous])).toEqual([
      [1, 'view', 4, null, 1, null],
      [2, 'cart', 3, 0.75, 0.75, 24],
      [3, 'purchase', 2, 2 / 3, 0.5, 83],
    ]);
  });

  it('a shorter window drops the late steps; groups come before the overall funnel', async () => {
    const { rows } = await funnel(text, { steps: ['view', 'cart', 'purchase'], window: '24h', groupBy: ['channel'] });
    // u1 buys exactly 24 hours after the view and u5 adds to cart exactly 24 hours after: the window includes its end.
    expect(rows.filter((r) => r.channel === 'all').map((r) => r.customers)).toEqual([4, 2, 1]);
    expect(rows.filter((r) => r.channel === 'social').map((r) => r.customers)).toEqual([2, 1, 0]);
  });

  it('counts a step at the same instant as the step before, whichever line comes first', async () => {
    // Exports write times to the second: a view and a signup in one second are in order, by the steps.
    for (const lines of [['u1,2026-01-01T10:00:00Z,signup', 'u1,2026-01-01T10:00:00Z,view'], ['u1,2026-01-01T10:00:00Z,view', 'u1,2026-01-01T10:00:00Z,signup']]) {
      const { rows } = await funnel(['user,time,event', ...lines, 'u2,2026-01-01T10:00:01Z,signup', 'u2,2026-01-01T10:00:02Z,view'].join('\n'), { steps: ['view', 'signup'], window: '1d' });
      // u1 signs up at the view's instant: counted; u2 signs up a second before the view: not.
      expect(rows.map((r) => [r.event, r.customers, r.median_hours_from_previous])).toEqual([['view', 2, null], ['signup', 1, 0]]);
    }
  });

  it('refuses fewer than two steps, a step twice in an unordered funnel and a bad window', async () => {
    expect((await failure(funnel(text, { steps: ['view'] }))).exitCode).toBe(2);
    expect((await failure(funnel(text, { steps: ['view', 'view'], order: 'unordered' }))).exitCode).toBe(2);
    expect((await failure(funnel(text, { steps: ['view', 'cart'], window: '7 days' }))).exitCode).toBe(2);
  });
});

describe('--compare', () => {
  it('adds changes against the period before: counts relative, rates in points', async () => {
    const text = 'user,time\na,2026-01-10\nb,2026-01-11\nb,2026-02-03\nc,2026-03-04\nc,2026-04-05\na,2026-04-20\n';
    const { rows, table } = await lifecycle(text, { until: '2026-05-01', compare: 'previous' });
    expect(table.columns.find((c) => c.name === 'active_change')?.type).toBe('change');
    // Active: 2, 1, 1, 2 → −50%, 0%, +100%.
    expect(rows.map((r) => r.active_change)).toEqual([null, -0.5, 0, 1, null]);
  });

  it('against the same period a year before', async () => {
    const text = 'user,time\na,2025-03-10\nb,2025-03-11\na,2026-03-04\n';
    const { rows } = await lifecycle(text, { until: '2026-04-01', compare: 'yoy' });
    const march = rows.find((r) => r.period === '2026-03')!;
    expect(march.active_yoy).toBe(-0.5);
  });

  it('is a usage error without periods', async () => {
    expect((await failure(funnel('user,time,event\na,2026-01-01,view\n', { steps: ['view', 'cart'], compare: 'previous' }))).exitCode).toBe(2);
  });
});
