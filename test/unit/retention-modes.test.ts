import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// Retention modes as product-analytics.md defines them, each case worked by
// hand from the definition (the customers' days in the comments).

const retention = async (lines: string[], options: Record<string, unknown>) => runEvents('retention', ['user,time,event', ...lines].join('\n'), options);
const triangle = (rows: Record<string, unknown>[], columns: string[]) => rows.map((r) => [r.cohort, r.customers, ...columns.map((c) => r[c])]);

describe('--mean', () => {
  it('the definition’s example: cohorts of 3 and 2 retaining 1 and 2 give 0.6 weighted and 0.667 simple', async () => {
    // January: a, b, c; a back in February. February: d, e; both back in March. The data runs to the end of April.
    const lines = ['a,2026-01-05,x', 'b,2026-01-06,x', 'c,2026-01-07,x', 'a,2026-02-03,x', 'd,2026-02-04,x', 'e,2026-02-05,x', 'd,2026-03-02,x', 'e,2026-03-03,x', 'f,2026-04-30,x'];
    const options = { until: '2026-05-01', counts: false };
    const weighted = await retention(lines, options);
    expect(weighted.rows.at(-1)!.offset_1).toBeCloseTo(0.6, 15);
    const simple = await retention(lines, { ...options, mean: 'simple' });
    expect(simple.rows.at(-1)!.offset_1).toBeCloseTo((1 / 3 + 1) / 2, 15);
  });
});

describe('--reference previous', () => {
  it('divides each cell by the cell before; offset 0 stays a share of the cohort', async () => {
    // January: a, b, c, d; a, b, c in February; a in March (the last period with events).
    const lines = ['a,2026-01-05,x', 'b,2026-01-05,x', 'c,2026-01-05,x', 'd,2026-01-05,x', 'a,2026-02-05,x', 'b,2026-02-05,x', 'c,2026-02-05,x', 'a,2026-03-05,x'];
    const { rows } = await retention(lines, { reference: 'previous', until: '2026-05-01' });
    expect(triangle(rows, ['offset_0', 'offset_1', 'offset_2'])[0]).toEqual(['2026-01', 4, 1, 0.75, 1 / 3]);
    // Undefined after a zero: a cohort retaining nobody at offset 1 has no ratio at offset 2.
    const none = await retention(['a,2026-01-05,x', 'a,2026-03-05,x'], { reference: 'previous', until: '2026-04-01' });
    expect(triangle(none.rows, ['offset_0', 'offset_1', 'offset_2'])[0]).toEqual(['2026-01', 1, 1, 0, null]);
  });
});

describe('--mode recurring', () => {
  it('puts a customer in the cohort of every period with a start event', async () => {
    // a: January, February, March; b: February. Cohorts: January {a}, February {a, b}, March {a}.
    const lines = ['a,2026-01-05,x', 'a,2026-02-05,x', 'a,2026-03-05,x', 'b,2026-02-10,x'];
    const { rows } = await retention(lines, { mode: 'recurring', counts: true, until: '2026-04-01' });
    expect(triangle(rows, ['offset_0', 'offset_1', 'offset_2'])).toEqual([
      ['2026-01', 1, 1, 1, 1],
      ['2026-02', 2, 2, 1, null],
      ['2026-03', 1, 1, null, null],
      ['all', 4, 4, 2, 1],
    ]);
  });
});

describe('--windows 24h', () => {
  it('measures day k from each customer’s own start: a return exactly 24 hours later is day 1', async () => {
    // a starts 1 March 22:00 and returns 2 March 21:59 (day 0) and 3 March 22:00 (day 2);
    // b starts 1 March 08:00 and returns 2 March 08:00 (day 1). Calendar days would put a's first return on day 1.
    const lines = ['a,2026-03-01T22:00:00Z,x', 'a,2026-03-02T21:59:00Z,x', 'a,2026-03-03T22:00:00Z,x', 'b,2026-03-01T08:00:00Z,x', 'b,2026-03-02T08:00:00Z,x'];
    const { rows } = await retention(lines, { period: 'day', windows: '24h', counts: true, until: '2026-03-10' });
    expect(triangle(rows, ['offset_0', 'offset_1', 'offset_2'])[0]).toEqual(['2026-03-01', 2, 2, 1, 1]);
    const calendar = await retention(lines, { period: 'day', counts: true, until: '2026-03-10' });
    expect(triangle(calendar.rows, ['offset_0', 'offset_1', 'offset_2'])[0]).toEqual(['2026-03-01', 2, 2, 2, 1]);
  });

  it('refuses quarters and years', async () => {
    expect((await failure(retention(['a,2026-03-01,x'], { period: 'quarter', windows: '24h' }))).message).toContain('--windows 24h measures days, weeks or 30-day months');
  });
});

describe('--brackets', () => {
  it('groups offsets into columns; a member counts in a bracket with a return at any of its offsets', async () => {
    // a: days 0, 2 and 9; b: days 0 and 3; c: day 0 only. Brackets 1,3,7,14: 0 | 1 | 2–3 | 4–7 | 8–14.
    const lines = ['a,2026-03-01,x', 'a,2026-03-03,x', 'a,2026-03-10,x', 'b,2026-03-01,x', 'b,2026-03-04,x', 'c,2026-03-01,x'];
    const { rows, table } = await retention(lines, { period: 'day', brackets: [1, 3, 7, 14], counts: true, until: '2026-03-31' });
    expect(table.columns.map((c) => c.name).slice(2, 7)).toEqual(['offset_0', 'offset_1', 'offset_2_3', 'offset_4_7', 'offset_8_14']);
    expect(triangle(rows, ['offset_0', 'offset_1', 'offset_2_3', 'offset_4_7', 'offset_8_14'])[0]).toEqual(['2026-03-01', 3, 3, 0, 2, 0, 1]);
    expect((await failure(retention(lines, { period: 'day', brackets: [3, 2] }))).message).toContain('each bracket ends after the one before');
  });
});

describe('--min-occurrences', () => {
  it('after offset 0, counts a member only with that many return events in the period', async () => {
    // a: January once, February twice; b: January once, February once.
    const lines = ['a,2026-01-05,x', 'a,2026-02-05,x', 'a,2026-02-06,x', 'b,2026-01-05,x', 'b,2026-02-05,x'];
    const { rows } = await retention(lines, { minOccurrences: 2, counts: true, until: '2026-03-01' });
    expect(triangle(rows, ['offset_0', 'offset_1'])[0]).toEqual(['2026-01', 2, 2, 1]);
    expect((await failure(retention(lines, { minOccurrences: 2, unbounded: true }))).exitCode).toBe(2);
  });
});

describe('options with nothing to act on', () => {
  it('are errors: --reference or --mean with --list', async () => {
    expect((await failure(retention(['a,2026-01-05,x'], { list: '2026-01:0', mean: 'simple' }))).message).toContain('--reference and --mean say how shares are read');
  });
});

describe('--windows 24h against Amplitude’s documented examples ("How time works in a retention analysis")', () => {
  const counts = async (lines: string[], period: string) => {
    const { rows } = await retention(lines, { windows: '24h', period, counts: true, until: '2022-03-01' });
    return rows[0];
  };

  it('a week is 7 days from the first event: Dec 1 then Dec 6 is week 0, Dec 8 to 14 week 1', async () => {
    expect(await counts(['u2,2021-12-01T10:00:00Z,x', 'u2,2021-12-06T10:00:00Z,x'], 'week')).toMatchObject({ customers: 1, offset_0: 1, offset_1: 0 });
    expect(await counts(['u2,2021-12-01T10:00:00Z,x', 'u2,2021-12-08T10:00:00Z,x'], 'week')).toMatchObject({ customers: 1, offset_1: 1 });
    expect(await counts(['u2,2021-12-01T10:00:00Z,x', 'u2,2021-12-14T23:00:00Z,x'], 'week')).toMatchObject({ offset_1: 1, offset_2: 0 });
  });

  it('a month is 30 days: first on Dec 3, Dec 3 to Jan 2 is month 0, Jan 3 to Feb 1 month 1', async () => {
    expect(await counts(['u3,2021-12-03T10:00:00Z,x', 'u3,2022-01-02T09:00:00Z,x'], 'month')).toMatchObject({ offset_0: 1, offset_1: 0 });
    expect(await counts(['u3,2021-12-03T10:00:00Z,x', 'u3,2022-01-03T10:00:00Z,x'], 'month')).toMatchObject({ offset_1: 1 });
  });

  it('day 1 is from hour 24 to hour 48; Amplitude rounds both times down to the hour first, engage does not', async () => {
    // Amplitude's user 1: first event at 5:59 pm on Dec 1, the next at 5:00 pm on Dec 2. Amplitude (5:00 pm to 5:00 pm): day 1.
    // engage (23 h 01 min after the first): still day 0 (product-analytics.md, "Peers").
    expect(await counts(['u1,2021-12-01T17:59:00Z,x', 'u1,2021-12-02T17:00:00Z,x'], 'day')).toMatchObject({ offset_0: 1, offset_1: 0 });
    // On the hour, as Amplitude's rounded times are, the two agree: exactly 24 h after is day 1.
    expect(await counts(['u1,2021-12-01T17:00:00Z,x', 'u1,2021-12-02T17:00:00Z,x'], 'day')).toMatchObject({ offset_1: 1 });
  });
});
