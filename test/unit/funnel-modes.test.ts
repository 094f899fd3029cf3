import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// Funnel modes as product-analytics.md defines them, each case worked by
// hand from the definition (times in the comments), plus figures
// transcribed from PostHog's published funnel tests (named where used).

const funnel = async (lines: string[], options: Record<string, unknown>) => runEvents('funnel', ['user,time,event,channel', ...lines].join('\n'), options);
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, 0) + minutes * 60_000).toISOString();
const customers = (rows: Record<string, unknown>[]) => rows.map((r) => r.customers);

describe('repeated steps', () => {
  it('need a second event: one pageview never counts twice, two rows at one instant are two events', async () => {
    const steps = ['signup', 'pageview', 'pageview'];
    const once = await funnel([`a,${at(0)},signup,x`, `a,${at(5)},pageview,x`], { steps });
    expect(customers(once.rows)).toEqual([1, 1, 0]);
    const twice = await funnel([`a,${at(0)},signup,x`, `a,${at(5)},pageview,x`, `a,${at(5)},pageview,x`], { steps });
    expect(customers(twice.rows)).toEqual([1, 1, 1]);
    // The second pageview 0 minutes after the first.
    expect(twice.rows[2].median_hours_from_previous).toBe(0);
  });
});

describe('--order', () => {
  // a: signup, other, pageview; b: signup, pageview at once, other between pageview and buy;
  // c: signup, an other event at the pageview's instant, pageview.
  const lines = [
    `a,${at(0)},signup,x`, `a,${at(1)},other,x`, `a,${at(2)},pageview,x`,
    `b,${at(0)},signup,x`, `b,${at(0)},pageview,x`, `b,${at(3)},other,x`, `b,${at(4)},buy,x`,
    `c,${at(0)},signup,x`, `c,${at(7)},other,x`, `c,${at(7)},pageview,x`,
  ];

  it('ordered lets other events come between steps', async () => {
    expect(customers((await funnel(lines, { steps: ['signup', 'pageview', 'buy'] })).rows)).toEqual([3, 3, 1]);
  });

  it('strict: no other event strictly between two steps; one at either step’s instant is not between', async () => {
    // a stops at signup (other at 1 min); b reaches pageview, not buy (other at 3 min); c reaches pageview.
    expect(customers((await funnel(lines, { steps: ['signup', 'pageview', 'buy'], order: 'strict' })).rows)).toEqual([3, 2, 0]);
  });

  it('strict conversion times: PostHog test_funnel_strict.py, test_basic_strict_funnel_conversion_times', async () => {
    // Three persons: stopped after signup; signup then $pageview 1 h later; signup, $pageview at 2 h, insight viewed at 4 h.
    // PostHog: counts 3, 2, 1; average conversion time 5400 s at step 2, 7200 s at step 3.
    const rows = (
      await funnel(
        [
          'p1,2021-05-02 00:00:00,user signed up,x',
          'p2,2021-05-02 00:00:00,user signed up,x', 'p2,2021-05-02 01:00:00,$pageview,x',
          'p3,2021-05-02 00:00:00,user signed up,x', 'p3,2021-05-02 02:00:00,$pageview,x', 'p3,2021-05-02 04:00:00,insight viewed,x',
        ],
        { steps: ['user signed up', '$pageview', 'insight viewed'], order: 'strict', window: '14d' },
      )
    ).rows;
    expect(customers(rows)).toEqual([3, 2, 1]);
    expect(rows[1].mean_hours_from_previous).toBe(5400 / 3600);
    expect(rows[2].mean_hours_from_previous).toBe(7200 / 3600);
  });

  it('many step-one events at one instant do not break an ordered funnel: PostHog test_multiple_events_same_timestamp_doesnt_blow_up', async () => {
    const lines = [...Array.from({ length: 30 }, () => `t,2024-01-10T12:01:00Z,step one,x`), 't,2024-01-10T12:01:00Z,step two,x', 't,2024-01-10T12:01:00Z,step three,x'];
    expect(customers((await funnel(lines, { steps: ['step one', 'step two', 'step three'] })).rows)).toEqual([1, 1, 1]);
  });

  it('unordered, four steps: PostHog test_funnel_unordered.py, test_big_multi_step_unordered_funnel', async () => {
    // Each person's events in the order PostHog's test creates them (a second apart); 14 days, PostHog's default window.
    const people: [string, string[]][] = [
      ['p1', ['user signed up']],
      ['p2', ['$pageview', 'crying']],
      ['p3', ['user signed up', '$pageview', 'blaah blaa', 'insight viewed']],
      ['p4', ['insight viewed', 'crying', 'user signed up']],
      ['p5', ['$pageview', 'user signed up', 'crying', 'insight viewed']],
      ['p6', ['blaah blaa', 'insight viewed']],
      ['p7', ['$pageview', 'blaah blaa']],
      ['p8', ['insight viewed', '$pageview']],
    ];
    const lines = people.flatMap(([who, events]) => events.map((event, i) => `${who},2021-05-02T00:00:0${i}Z,${event},x`));
    const rows = (await funnel(lines, { steps: ['user signed up', '$pageview', 'insight viewed', 'crying'], order: 'unordered', window: '14d' })).rows;
    // PostHog: 8 completed 1 step, 5 completed 2, 3 completed 3, 1 completed 4.
    expect(customers(rows)).toEqual([8, 5, 3, 1]);
  });

  it('unordered conversion times from the first attempt: PostHog test_funnel_unordered.py, test_basic_unordered_funnel_conversion_times', async () => {
    // p2: $pageview, signup 1 h later; p3: insight viewed, signup at 2 h, $pageview at 4 h (and a later attempt, not counted).
    const lines = [
      'p1,2021-05-02 00:00:00,user signed up,x',
      'p2,2021-05-02 00:00:00,$pageview,x', 'p2,2021-05-02 01:00:00,user signed up,x',
      'p3,2021-05-02 00:00:00,insight viewed,x', 'p3,2021-05-02 02:00:00,user signed up,x', 'p3,2021-05-02 04:00:00,$pageview,x',
      'p3,2021-05-03 00:00:00,$pageview,x', 'p3,2021-05-03 03:00:00,insight viewed,x', 'p3,2021-05-03 06:00:00,user signed up,x',
    ];
    const rows = (await funnel(lines, { steps: ['user signed up', '$pageview', 'insight viewed'], order: 'unordered', window: '1d' })).rows;
    // PostHog (its UDF funnels, which take the first conversion): counts 3, 2, 1; average conversion times 5400 s and 7200 s.
    expect(customers(rows)).toEqual([3, 2, 1]);
    expect(rows[1].mean_hours_from_previous).toBe(5400 / 3600);
    expect(rows[2].mean_hours_from_previous).toBe(7200 / 3600);
  });

  it('unordered, each browser’s funnel over its own events: PostHog test_funnel_unordered.py, test_funnel_step_breakdown_event_single_person_events_with_multiple_properties', async () => {
    // One person: sign up on Chrome, sign up on Safari a day later, play movie on Safari an hour after that.
    const lines = ['person1,2020-01-01T12:00:00Z,sign up,Chrome', 'person1,2020-01-02T13:00:00Z,sign up,Safari', 'person1,2020-01-02T14:00:00Z,play movie,Safari'];
    const rows = (await funnel(lines, { steps: ['sign up', 'play movie'], order: 'unordered', window: '7d', groupBy: ['channel'] })).rows;
    // PostHog: Safari 1 then 1 (3600 s); Chrome 1 then 0.
    const of = (value: string) => rows.filter((r) => r.channel === value);
    expect(customers(of('Safari'))).toEqual([1, 1]);
    expect(of('Safari')[1].mean_hours_from_previous).toBe(1);
    expect(customers(of('Chrome'))).toEqual([1, 0]);
  });

  it('unordered: the steps in any order, step k is "k of n steps"; a repeated step is refused', async () => {
    // d: buy, signup, pageview within the window: 3 of 3; e: pageview, then signup 2 days later (outside 1d): 1 of 3.
    const rows = (await funnel([`d,${at(0)},buy,x`, `d,${at(10)},signup,x`, `d,${at(20)},pageview,x`, `e,${at(0)},pageview,x`, `e,${at(2 * 1440)},signup,x`], { steps: ['signup', 'pageview', 'buy'], order: 'unordered', window: '1d' })).rows;
    expect(rows.map((r) => [r.event, r.customers])).toEqual([['1 of 3 steps', 2], ['2 of 3 steps', 1], ['3 of 3 steps', 1]]);
    // d's steps in time order: buy at 0, signup at 10, pageview at 20 min.
    expect(rows[2].mean_hours_from_first).toBeCloseTo(20 / 60, 12);
    const refused = await failure(funnel([`d,${at(0)},buy,x`], { steps: ['buy', 'buy'], order: 'unordered' }));
    expect(refused.exitCode).toBe(2);
    expect(refused.message).toContain('an unordered funnel names each step once');
  });
});

describe('--entry', () => {
  // A view that leads nowhere, then a view that converts 30 minutes later, inside a 1h window from the second view only.
  const lines = [`a,${at(0)},view,x`, `a,${at(120)},view,x`, `a,${at(150)},buy,x`];

  it('first: the first view starts the only attempt', async () => {
    expect(customers((await funnel(lines, { steps: ['view', 'buy'], window: '1h' })).rows)).toEqual([1, 0]);
  });

  it('any: the attempt that gets furthest counts, its time measured from its own start', async () => {
    const { rows } = await funnel(lines, { steps: ['view', 'buy'], window: '1h', entry: 'any' });
    expect(customers(rows)).toEqual([1, 1]);
    expect(rows[1].median_hours_from_previous).toBe(0.5);
  });

  // Only the events from a customer's first start to the window's end after their last start can
  // matter; these sit on those edges, the rows out of time order, so that nothing outside is read as inside.
  it('reads the events at the edges of the reach: a step at the start’s instant listed before it, a step at the window’s end', async () => {
    const edges = [
      `a,${at(60)},buy,x`, `a,${at(0)},cart,x`, `a,${at(0)},view,x`, `a,${at(-5)},cart,x`, // cart at the view's instant, listed before it
      `b,${at(60)},cart,x`, `b,${at(0)},view,x`, `b,${at(-1)},buy,x`, // cart at the window's end; buy before the view is not in the attempt
    ];
    const { rows } = await funnel(edges, { steps: ['view', 'cart', 'buy'], window: '1h' });
    expect(customers(rows)).toEqual([2, 2, 1]);
    // --entry any: c's first view leads nowhere, its last view's window ends at 180 minutes with the cart.
    const any = await funnel([`c,${at(180)},cart,x`, `c,${at(0)},view,x`, `c,${at(120)},view,x`, `c,${at(181)},buy,x`], { steps: ['view', 'cart', 'buy'], window: '1h', entry: 'any' });
    expect(customers(any.rows)).toEqual([1, 1, 0]);
  });
});

describe('--exclude', () => {
  const steps = ['view', 'cart', 'buy'];

  it('voids an attempt with the event between steps F and T; not at either step’s instant', async () => {
    const lines = [
      `a,${at(0)},view,x`, `a,${at(1)},logout,x`, `a,${at(2)},cart,x`, `a,${at(3)},buy,x`, // void: logout between view and cart
      `b,${at(0)},view,x`, `b,${at(0)},logout,x`, `b,${at(2)},cart,x`, `b,${at(2)},logout,x`, // logouts at the steps' instants
      `c,${at(0)},view,x`, `c,${at(2)},cart,x`, `c,${at(3)},logout,x`, `c,${at(4)},buy,x`, // after cart: outside 1-2
    ];
    const { rows } = await funnel(lines, { steps, exclude: ['logout@1-2'] });
    // a counts nowhere, not even at step 1.
    expect(customers(rows)).toEqual([2, 2, 1]);
    // Without a range the exclusion spans steps 1 to 3: c's logout is between view and buy; b never
    // reached buy, so its logout at the cart's instant is after view and inside the window. Nobody counts.
    expect(customers((await funnel(lines, { steps, exclude: ['logout'] })).rows)).toEqual([0, 0, 0]);
  });

  it('up to the window’s end, inclusive, when step T is not reached', async () => {
    const inside = await funnel([`a,${at(0)},view,x`, `a,${at(60)},logout,x`], { steps, window: '1h', exclude: ['logout@1-2'] });
    expect(customers(inside.rows)).toEqual([0, 0, 0]);
    const after = await funnel([`a,${at(0)},view,x`, `a,${at(61)},logout,x`], { steps, window: '1h', exclude: ['logout@1-2'] });
    expect(customers(after.rows)).toEqual([1, 0, 0]);
  });

  it('with --entry any, a clean later attempt counts instead of a void one', async () => {
    const lines = [`a,${at(0)},view,x`, `a,${at(1)},logout,x`, `a,${at(2)},view,x`, `a,${at(3)},cart,x`];
    expect(customers((await funnel(lines, { steps, exclude: ['logout@1-2'] })).rows)).toEqual([0, 0, 0]);
    expect(customers((await funnel(lines, { steps, exclude: ['logout@1-2'], entry: 'any' })).rows)).toEqual([1, 1, 0]);
  });

  it('refuses a step as an exclusion and a range outside the steps', async () => {
    const line = [`a,${at(0)},view,x`];
    expect((await failure(funnel(line, { steps, exclude: ['cart'] }))).message).toContain('it is a step of the funnel');
    expect((await failure(funnel(line, { steps, exclude: ['logout@2-4'] }))).message).toContain('1 ≤ F < T ≤ 3');
    expect((await failure(funnel(line, { steps, exclude: ['logout@1-2'], order: 'unordered' }))).exitCode).toBe(2);
  });
});

describe('--window', () => {
  it('takes seconds and fractions, and includes its end', async () => {
    const lines = [`a,2026-03-02T09:00:00Z,view,x`, `a,2026-03-02T09:01:30Z,buy,x`, `b,2026-03-02T09:00:00Z,view,x`, `b,2026-03-02T09:01:31Z,buy,x`];
    expect(customers((await funnel(lines, { steps: ['view', 'buy'], window: '90s' })).rows)).toEqual([2, 1]);
    expect(customers((await funnel(lines, { steps: ['view', 'buy'], window: '1.5m' })).rows)).toEqual([2, 1]);
  });

  it('is elapsed time across a daylight-saving change: 2d is 48 hours', async () => {
    // New York moves to EDT on 8 March 2026. From Saturday 12:00 EST, 48 hours end on Monday 13:00 EDT.
    const lines = ['a,2026-03-07 12:00,view,x', 'a,2026-03-09 13:00,buy,x', 'b,2026-03-07 12:00,view,x', 'b,2026-03-09 13:00:01,buy,x'];
    const { rows } = await funnel(lines, { steps: ['view', 'buy'], window: '2d', tz: 'America/New_York' });
    expect(customers(rows)).toEqual([2, 1]);
    expect(rows[1].median_hours_from_previous).toBe(48);
  });
});

describe('time to convert', () => {
  it('mean and percentiles, linear between ranks: the definition’s example 4, 10, 12, 30, 50 minutes', async () => {
    const lines = [4, 10, 12, 30, 50].flatMap((minutes, i) => [`u${i},${at(0)},view,x`, `u${i},${at(minutes)},buy,x`]);
    const { rows, table } = await funnel(lines, { steps: ['view', 'buy'], percentiles: [50, 60, 90, 95] });
    expect(table.columns.map((c) => c.name).slice(5, 10)).toEqual(['mean_hours_from_previous', 'median_hours_from_previous', 'p60_hours_from_previous', 'p90_hours_from_previous', 'p95_hours_from_previous']);
    const minutes = (name: string) => (rows[1][name] as number) * 60;
    expect(minutes('mean_hours_from_previous')).toBeCloseTo(21.2, 10);
    expect(minutes('median_hours_from_previous')).toBeCloseTo(12, 10);
    expect(minutes('p60_hours_from_previous')).toBeCloseTo(19.2, 10);
    expect(minutes('p90_hours_from_previous')).toBeCloseTo(42, 10);
    expect(minutes('p95_hours_from_previous')).toBeCloseTo(46, 10);
  });

  it('--time-to-convert: converters at 100 s, 200 s and 700 s in ⌈∛3⌉ = 2 bins of 300 s (PostHog’s layout)', async () => {
    const lines = [100, 200, 700].flatMap((seconds, i) => [`u${i},2026-03-02T09:00:00Z,view,x`, `u${i},${new Date(Date.UTC(2026, 2, 2, 9) + seconds * 1000).toISOString()},buy,x`]);
    const { rows } = await funnel([...lines, `v,2026-03-02T09:00:00Z,view,x`], { steps: ['view', 'buy'], timeToConvert: true });
    expect(rows.map((r) => [(r.bin_start_hours as number) * 3600, r.customers])).toEqual([[100, 2], [400, 0], [700, 1]]);
    expect((await failure(funnel(lines, { steps: ['view', 'buy'], bins: 3 }))).message).toContain('--bins sets the bins of --time-to-convert');
  });
});

describe('--period: conversion by the period attempts start in', () => {
  // a views in January (no buy) and in February (buys); b views in February only.
  const lines = ['a,2026-01-20T10:00:00Z,view,x', 'a,2026-02-03T10:00:00Z,view,x', 'a,2026-02-03T11:00:00Z,buy,x', 'b,2026-02-10T10:00:00Z,view,x'];

  it('first: a customer counts in the period of their first start event only', async () => {
    const { rows } = await funnel(lines, { steps: ['view', 'buy'], window: '1d', period: 'month', until: '2026-03-01' });
    expect(rows.map((r) => [r.period, r.step, r.customers])).toEqual([['2026-01', 1, 1], ['2026-01', 2, 0], ['2026-02', 1, 1], ['2026-02', 2, 0], ['all', 1, 2], ['all', 2, 0]]);
  });

  it('any: in every period that holds one of their start events, with the best attempt starting there', async () => {
    const { rows } = await funnel(lines, { steps: ['view', 'buy'], window: '1d', period: 'month', entry: 'any', until: '2026-03-01' });
    expect(rows.map((r) => [r.period, r.step, r.customers])).toEqual([['2026-01', 1, 1], ['2026-01', 2, 0], ['2026-02', 1, 2], ['2026-02', 2, 1], ['all', 1, 2], ['all', 2, 1]]);
  });

  it('with --group-by, a value’s first start can fall in a period where nobody’s first start overall does', async () => {
    // c views on y in February, then on x in January (rows out of order): overall and on x they enter in January, on y in February.
    const grouped = ['c,2026-02-02T10:00:00Z,view,y', 'c,2026-01-01T10:00:00Z,view,x'];
    const { rows } = await funnel(grouped, { steps: ['view', 'buy'], window: '1d', period: 'month', groupBy: ['channel'], until: '2026-03-01' });
    // February holds y's block only: the all rows, like a group's, are not printed with nobody at step 1.
    expect(rows.map((r) => [r.period, r.channel, r.step, r.customers])).toEqual([
      ['2026-01', 'x', 1, 1], ['2026-01', 'x', 2, 0], ['2026-01', 'all', 1, 1], ['2026-01', 'all', 2, 0],
      ['2026-02', 'y', 1, 1], ['2026-02', 'y', 2, 0],
      ['all', 'x', 1, 1], ['all', 'x', 2, 0], ['all', 'y', 1, 1], ['all', 'y', 2, 0], ['all', 'all', 1, 1], ['all', 'all', 2, 0],
    ]);
    // With nobody at step 1 anywhere, the whole funnel's all rows are still printed, as zeros, as without --group-by.
    const nobody = await funnel(['c,2026-02-02T10:00:00Z,buy,y'], { steps: ['view', 'buy'], window: '1d', groupBy: ['channel'] });
    expect(nobody.rows.map((r) => [r.channel, r.step, r.customers])).toEqual([['all', 1, 0], ['all', 2, 0]]);
  });
});

describe('--group-by', () => {
  // a views on search and buys on email; b views on social and never buys.
  const lines = [`a,${at(0)},view,search`, `a,${at(5)},buy,email`, `b,${at(0)},view,social`];

  it('without --attribution each value’s funnel is on its own rows; a group with nobody at step 1 is not printed', async () => {
    const { rows } = await funnel(lines, { steps: ['view', 'buy'], groupBy: ['channel'] });
    expect(rows.map((r) => [r.channel, r.step, r.customers])).toEqual([['search', 1, 1], ['search', 2, 0], ['social', 1, 1], ['social', 2, 0], ['all', 1, 2], ['all', 2, 1]]);
  });

  it('first-touch, last-touch and step:N label each customer by one event of their attempt', async () => {
    const labelled = async (attribution: string) => (await funnel(lines, { steps: ['view', 'buy'], groupBy: ['channel'], attribution })).rows.map((r) => [r.channel, r.step, r.customers]);
    expect(await labelled('first-touch')).toEqual([['search', 1, 1], ['search', 2, 1], ['social', 1, 1], ['social', 2, 0], ['all', 1, 2], ['all', 2, 1]]);
    // b's last step reached is the view on social; a's is the buy on email.
    expect(await labelled('last-touch')).toEqual([['email', 1, 1], ['email', 2, 1], ['social', 1, 1], ['social', 2, 0], ['all', 1, 2], ['all', 2, 1]]);
    const step2 = await funnel(lines, { steps: ['view', 'buy'], groupBy: ['channel'], attribution: 'step:2' });
    expect(step2.rows.map((r) => [r.channel, r.step, r.customers])).toEqual([['email', 1, 1], ['email', 2, 1], ['all', 1, 2], ['all', 2, 1]]);
    expect(step2.notes).toContain('1 customer did not reach step 2: counted in the all rows only (--attribution step:2)');
  });

  it('--attribution needs --group-by', async () => {
    expect((await failure(funnel(lines, { steps: ['view', 'buy'], attribution: 'first-touch' }))).message).toContain('--attribution says which event labels a customer for --group-by');
  });
});

describe('options with nothing to act on', () => {
  it('are errors: --percentiles with the histogram or a list', async () => {
    const lines = [`a,${at(0)},view,x`, `a,${at(5)},buy,x`];
    expect((await failure(funnel(lines, { steps: ['view', 'buy'], timeToConvert: true, percentiles: [50] }))).message).toContain('--percentiles sets the time columns of the step table: --time-to-convert prints none');
    expect((await failure(funnel(lines, { steps: ['view', 'buy'], list: '2', percentiles: [75] }))).exitCode).toBe(2);
  });
});
