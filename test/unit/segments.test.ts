import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSegment } from '../../src/metrics/segments/grammar.js';
import { compute, computeOnFile } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';
import { csvRows, engageProcess, tempDir } from '../helpers/cli.js';

// Behavioural segments (segments-and-drivers.md "Behavioural segments"): the
// grammar's precedence, the first days as local calendar days in --tz, the
// trailing days of a period, overlapping segments and the overall row, and
// --list @NAME. Every expected figure is worked by hand from the log below.

// In Tokyo (UTC+9) customer a is first seen on 1 March at 10:00: their first 7 days end at
// 7 March 23:59:59 JST = 14:59:59 UTC, so the login at 15:30 UTC (00:30 JST on 8 March) is
// outside, though it is only 6 days 14½ hours after the first event and still 7 March in UTC.
const LOG = `customer_id,timestamp,event
a,2026-03-01T01:00:00Z,signup
a,2026-03-02T00:00:00Z,login
a,2026-03-07T14:59:59Z,login
a,2026-03-07T15:30:00Z,login
a,2026-03-10T00:00:00Z,purchase
b,2026-03-01T00:00:00Z,signup
b,2026-03-03T00:00:00Z,purchase
b,2026-03-04T00:00:00Z,purchase
b,2026-03-04T05:00:00Z,login
c,2026-03-02T00:00:00Z,signup
d,2026-03-20T00:00:00Z,signup
d,2026-03-21T00:00:00Z,purchase
e,2026-02-10T00:00:00Z,login
e,2026-03-16T00:00:00Z,login
`;

/** The customers --list @NAME prints. */
async function members(name: string, segments: string[], options: Record<string, unknown> = {}): Promise<string[]> {
  const { rows } = await computeOnFile('repeat', LOG, { segment: segments, list: `@${name}`, tz: 'Asia/Tokyo', ...options });
  return rows.map((r) => r.customer_id as string);
}

describe('the --segment grammar', () => {
  it('not binds tighter than and, and tighter than or; parentheses group', async () => {
    // purchase>=2 or (login>=1 and signup=0): b (two purchases) and e (logins, never signed up); a logged in but signed up.
    expect(await members('x', ['x=purchase>=2 or login>=1 and signup=0'])).toEqual(['b', 'e']);
    expect(await members('x', ['x=(purchase>=2 or login>=1) and signup=1'])).toEqual(['a', 'b']);
    // (not login>=1) and purchase>=1: d; not (login>=1 and purchase>=1) would be c, d and e.
    expect(await members('x', ['x=not login>=1 and purchase>=1'])).toEqual(['d']);
    expect(await members('x', ['x=NOT (login>=1 AND purchase>=1)'])).toEqual(['c', 'd', 'e']);
  });

  it('compares with >=, >, <=, < and =; a customer who never did it has a count of 0', async () => {
    expect(await members('x', ['x=login>2'])).toEqual(['a']);
    expect(await members('x', ['x=login=2'])).toEqual(['e']);
    expect(await members('x', ['x=login<1'])).toEqual(['c', 'd']);
    // a logged in 3 times, e twice.
    expect(await members('x', ['x=purchase<=2 and login<=1'])).toEqual(['b', 'c', 'd']);
  });

  it('reads quoted event names with spaces and operators, and case-insensitive keywords', () => {
    const parsed = parseSegment('new="user signed up>=1" >= 1 WITHIN 2w');
    expect(parsed).toMatchObject({ name: 'new', condition: { kind: 'count', event: 'user signed up>=1', op: '>=', n: 1, window: { kind: 'first', days: 14 } } });
  });

  it('refuses what it cannot read, saying where', async () => {
    expect(() => parseSegment('x=login>=')).toThrow(/whole number after "login>="/);
    expect(() => parseSegment('x=(login>=1')).toThrow(/parenthesis is not closed/);
    expect(() => parseSegment('x=login>=1 within 7 days')).toThrow(/days or weeks after "within"/);
    expect(() => parseSegment('login>=1')).toThrow(/NAME=CONDITION/);
    expect(() => parseSegment('x=login>=1 purchase>=1')).toThrow(/unexpected "purchase"/);
  });
});

describe('first days: local calendar days in --tz', () => {
  it("a's seventh day ends at midnight in Tokyo: two logins inside, the third outside", async () => {
    expect(await members('active', ['active=login>=2 within 7d'])).toEqual(['a']);
    expect(await members('engaged', ['engaged=login>=3 within 7d'])).toEqual([]);
    // In UTC the first day is 1 March 00:00 UTC to 8 March 00:00 UTC: all three logins.
    expect(await members('engaged', ['engaged=login>=3 within 7d'], { tz: 'UTC' })).toEqual(['a']);
  });

  it('1w is 7 days; a customer whose first days are not over is decided on what the data shows, and counted in a note', async () => {
    const { rows, notes } = await computeOnFile('repeat', LOG, { segment: ['buyer=purchase>=1 within 1w'], list: '@buyer', tz: 'Asia/Tokyo' });
    // b bought on day 2; d on day 1 (20 March 09:00 JST → 21 March 09:00 JST); a bought on day 9.
    expect(rows.map((r) => r.customer_id)).toEqual(['b', 'd']);
    expect(rows.find((r) => r.customer_id === 'd')!.first_event).toBe('2026-03-20T09:00:00+09:00');
    // d's first 7 days end on 27 March, after the data's end (21 March).
    expect(notes).toContain("1 customer's first days were not over when the data ends; their segment may change");
  });

  it("with --start-event the first days start at that event's first occurrence (retention)", async () => {
    const listed = async (extra: Record<string, unknown>) =>
      (await computeOnFile('retention', LOG, { segment: ['active=login>=1 within 7d'], list: '@active', period: 'week', tz: 'Asia/Tokyo', ...extra })).rows.map((r) => r.customer_id);
    expect(await listed({})).toEqual(['a', 'b', 'e']);
    // From each first purchase: a (10 March) logs in no more; b's login is a day after their first purchase.
    expect(await listed({ startEvents: ['purchase'] })).toEqual(['b']);
  });
});

describe('--group-by @segment', () => {
  it('overlapping segments: each customer counts in each of their groups and once in the overall row', async () => {
    const { rows, notes } = await computeOnFile('repeat', LOG, {
      segment: ['active=login>=2 within 7d', 'buyer=purchase>=1', 'quiet=not login>=1'],
      groupBy: ['@segment'],
      tz: 'Asia/Tokyo',
    });
    // Purchasers a (1 order), b (2), d (1). a: active, buyer; b: buyer; d: buyer, quiet.
    expect(rows.map((r) => [r.segment, r.customers, r.repeat_customers])).toEqual([
      ['active', 1, 0],
      ['buyer', 3, 1],
      ['quiet', 1, 0],
      ['all', 3, 1],
    ]);
    expect(rows.at(-1)!.repeat_rate).toBeCloseTo(1 / 3, 15);
    // a and d are in two segments; e is in none, but never bought.
    expect(notes).toContain('segments overlap: 2 customers in several count in each of their groups, so the groups add up to more than the overall row, which counts each customer once');
  });

  it('groups in the order the segments were given, then (none); crossed with a column', async () => {
    // a and b are on the pro plan, the others on free.
    const lines = LOG.trim().split('\n').map((line, i) => (i === 0 ? `${line},plan` : `${line},${/^[ab],/.test(line) ? 'pro' : 'free'}`));
    const { rows } = await computeOnFile('trend', lines.join('\n') + '\n', { segment: ['z=login>=3', 'a=signup>=1'], groupBy: ['plan', '@segment'], tz: 'Asia/Tokyo' });
    // z: a (three logins in all); a: everyone who signed up (a … d); e is in none. Events: a 5, b 4, c 1,
    // d 2, all in March; e one in February and one in March. Months, as trend's default.
    expect(rows.map((r) => `${r.plan}/${r.segment}/${r.period}:${r.events}`)).toEqual([
      'free/a/2026-02:0', 'free/a/2026-03:3', 'free/(none)/2026-02:1', 'free/(none)/2026-03:1',
      'pro/z/2026-02:0', 'pro/z/2026-03:5', 'pro/a/2026-02:0', 'pro/a/2026-03:9',
      'all/all/2026-02:1', 'all/all/2026-03:13',
    ]);
  });

  it('"in last 7d" is decided per period: the 7 local days ending with its last day (the data\'s, for the last)', async () => {
    const { rows } = await computeOnFile('trend', LOG, { segment: ['recent=login>=1 in last 7d'], groupBy: ['@segment'], period: 'month', tz: 'Asia/Tokyo' });
    // February: e's login of 10 February is not in 22–28 February. March ends, for the data, on
    // 21 March (d's purchase, 09:00 JST): e's login of 16 March is in 15–21 March, a's are not.
    const cell = (period: string, segment: string) => rows.find((r) => r.period === period && r.segment === segment)?.events;
    expect([cell('2026-02', '(none)'), cell('2026-02', 'recent')]).toEqual([1, 0]);
    expect([cell('2026-03', 'recent'), cell('2026-03', '(none)')]).toEqual([1, 12]);
  });

  it('refuses a trailing window without periods, and --list of a segment decided per period', async () => {
    expect((await failure(computeOnFile('repeat', LOG, { segment: ['r=login>=1 in last 7d'], groupBy: ['@segment'] }))).message).toMatch(/"in last Dd" counts the last days of each period/);
    expect((await failure(computeOnFile('trend', LOG, { segment: ['r=login>=1 in last 7d'], list: '@r', period: 'month' }))).message).toMatch(/decided per period/);
    expect((await failure(computeOnFile('churn', LOG, { segment: ['r=login>=1 in last 7d'], groupBy: ['@segment'], period: 'month', list: '2026-03' }))).message).toMatch(/decided per period/);
  });

  it('an option with nothing to act on is an error', async () => {
    expect((await failure(computeOnFile('repeat', LOG, { segment: ['x=login>=1'] }))).message).toMatch(/--segment has nothing to act on/);
    expect((await failure(computeOnFile('repeat', LOG, { groupBy: ['@segment'] }))).message).toMatch(/--group-by @segment needs the segments/);
    expect((await failure(computeOnFile('repeat', LOG, { segment: ['x=login>=1'], list: '@y' }))).message).toMatch(/--list @y: no --segment of that name/);
    expect((await failure(computeOnFile('repeat', LOG, { segment: ['x=login>=1', 'x=signup>=1'], list: '@x' }))).message).toMatch(/two segments have that name/);
    // The input is read twice: once for the segments.
    expect((await failure(compute('repeat', LOG, { segment: ['x=login>=1'], groupBy: ['@segment'] }))).message).toMatch(/standard input can be read only once/);
  });

  it("a metric's own --list with @segment says each listed customer's segments", async () => {
    const { rows } = await computeOnFile('churn', LOG, { segment: ['buyer=purchase>=1', 'quiet=not login>=1'], groupBy: ['@segment'], period: 'month', list: '2026-03', tz: 'Asia/Tokyo' });
    // Active in February, not in March: nobody (e logs in both). Active in March is everyone else.
    expect(rows).toEqual([]);
    const retained = await computeOnFile('retention', LOG, { segment: ['buyer=purchase>=1', 'quiet=not login>=1'], groupBy: ['@segment'], period: 'month', list: '2026-02:1', tz: 'Asia/Tokyo' });
    expect(retained.rows.map((r) => [r.customer_id, r.segment])).toEqual([['e', '(none)']]);
  });
});

describe('segments beyond the grouped tables', () => {
  it('engage customers --group-by @segment: a column of each customer\'s segments, "; " between overlapping ones', async () => {
    const { rows, notes } = await computeOnFile('customers', LOG, { segment: ['buyer=purchase>=1', 'early=purchase>=1 within 7d'], groupBy: ['@segment'], tz: 'Asia/Tokyo' });
    // Purchasers: a (day 9, so not early), b (day 2), d (day 1).
    expect(rows.map((r) => [r.customer_id, r.segment])).toEqual([['a', 'buyer'], ['b', 'buyer; early'], ['d', 'buyer; early']]);
    expect(notes.some((note) => note.startsWith('segments overlap'))).toBe(false);
    expect((await failure(computeOnFile('customers', LOG, { groupBy: ['plan'] }))).message).toMatch(/--group-by takes only @segment/);
  });

  it('engage report reads a report\'s input first for its segments, relative to the config', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.csv'), LOG);
    writeFileSync(join(dir, 'c.json'), JSON.stringify({
      inputs: { events: 'events.csv' },
      reports: [{ metric: 'repeat', input: 'events', options: { segment: ['buyer=purchase>=2', 'quiet=not login>=1'], groupBy: ['@segment'], tz: 'Asia/Tokyo' }, output: 'out.csv' }],
    }));
    const { code, stderr } = engageProcess(['report', 'c.json'], { cwd: dir });
    expect(code, stderr).toBe(0);
    // Purchasers a, b, d: b has two purchases (buyer), d never logged in (quiet), a is in none.
    expect(csvRows(readFileSync(join(dir, 'out.csv'), 'utf8')).map((r) => [r.segment, r.customers, r.repeat_customers])).toEqual([
      ['buyer', '1', '1'],
      ['quiet', '1', '0'],
      ['(none)', '1', '0'],
      ['all', '3', '1'],
    ]);
  });
});
