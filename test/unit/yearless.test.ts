import { describe, expect, it } from 'vitest';
import { monthDay, rangeInName, yearlessReader } from '../../src/schema/yearless.js';
import { TimeZone } from '../../src/time/zone.js';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

// TikTok Studio's Content export writes "Post time" without a year ("July 16"),
// every field quoted, with a BOM. Written here in that shape.
const TIKTOK = [
  '\uFEFF"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares","Total views"',
  '"February 28","a","https://www.tiktok.com/@x/video/1","July 16","533","32","16","191265"',
  '"February 28","b","https://www.tiktok.com/@x/video/2","September 3","109","7","31","154414"',
  '"February 28","c","https://www.tiktok.com/@x/video/3","December 30","40","2","3","1000"',
].join('\n');

describe('dates without a year', () => {
  it('reads "July 16", "16 July" and "7月16日" as a month and a day', () => {
    expect(monthDay('July 16')).toEqual({ month: 7, day: 16 });
    expect(monthDay('Sept. 3')).toEqual({ month: 9, day: 3 });
    expect(monthDay('16 Jul')).toEqual({ month: 7, day: 16 });
    expect(monthDay('7月16日')).toEqual({ month: 7, day: 16 });
    for (const text of ['July 16, 2025', '2025-07-16', 'Julember 3', '13月1日']) expect(monthDay(text)).toBeUndefined();
  });

  it('takes the year from a date range in the file name, across a year boundary', () => {
    const range = rangeInName('exports/Content_2024-07-01_2025-06-30.csv')!;
    const read = yearlessReader(new TimeZone('UTC'), undefined, range)!;
    expect(new Date(read({ month: 12, day: 30 })).toISOString()).toBe('2024-12-30T00:00:00.000Z');
    expect(new Date(read({ month: 3, day: 1 })).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(rangeInName('account_analytics_content_20251102_20251109.csv')).toBeDefined();
    expect(rangeInName('Content.csv')).toBeUndefined();
    // February 29 of a year that has none is no date.
    expect(yearlessReader(new TimeZone('UTC'), 2025, undefined)!({ month: 2, day: 29 })).toBeNaN();
  });

  it('a command that needs the date stops and names --year, even with --skip-invalid', async () => {
    for (const options of [{ period: 'month' }, { period: 'month', skipInvalid: true }, { since: '2025-01-01' }]) {
      const error = await failure(compute('rate', TIKTOK, options));
      expect(error.exitCode).toBe(65);
      expect(error.message).toBe('3 rows with a date without a year in "Post time"; the first was "July 16" (at stdin:2, 3, 4)');
      expect(error.hints?.[0]).toContain('pass --year, e.g. --year 2025');
    }
    const events = await failure(compute('repeat', 'customer,date\na,July 16\n'));
    expect(events.hints?.[0]).toContain('--year');
  });

  it('with --year the posts fall in their months', async () => {
    const { rows } = await compute('rate', TIKTOK, { period: 'month', year: 2025 });
    expect(rows.filter((r) => r.posts !== 0).map((r) => [r.period, r.posts, r.interactions, r.basis])).toEqual([
      ['2025-07', 1, 581, 191265],
      ['2025-09', 1, 147, 154414],
      ['2025-12', 1, 45, 1000],
      ['all', 3, 773, 346679],
    ]);
  });

  it('--year takes the export\'s date range when it crosses a new year: each month and day in the year that puts it inside', async () => {
    const { rows } = await compute('rate', TIKTOK, { period: 'month', year: '2024-09-01..2025-08-31' });
    expect(rows.filter((r) => r.posts !== 0).map((r) => [r.period, r.posts])).toEqual([['2024-09', 1], ['2024-12', 1], ['2025-07', 1], ['all', 3]]);
    // A plain year as text (the command line's form) is that year.
    expect((await compute('rate', TIKTOK, { period: 'month', year: '2025' })).rows[0].period).toBe('2025-07');
    for (const bad of ['2025-03-01..2024-03-01', '2024-01-01..2025-06-30', '2025-02-30..2025-12-31', '25']) {
      expect((await failure(compute('rate', TIKTOK, { period: 'month', year: bad }))).exitCode).toBe(2);
    }
  });

  it('the overall rate and --per-post need no year: dates are listed as written', async () => {
    const overall = await compute('rate', TIKTOK);
    expect(overall.rows[0]).toMatchObject({ posts: 3, interactions: 773, basis: 346679 });
    const { rows } = await compute('rate', TIKTOK, { perPost: true });
    expect(rows.map((r) => r.published_at)).toEqual(['July 16', 'September 3', 'December 30']);
  });
});
