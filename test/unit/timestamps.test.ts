import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { epochFromDigitBytes, parseTimestamp, timestampProblem } from '../../src/schema/timestamps.js';
import { TimeZone } from '../../src/time/zone.js';

const utc = new TimeZone('UTC');
const tokyo = new TimeZone('Asia/Tokyo');
const newYork = new TimeZone('America/New_York');

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-14', Date.UTC(2026, 2, 14)],
    ['2026-03-14T09:30:00Z', Date.UTC(2026, 2, 14, 9, 30)],
    ['2026-03-14T09:30Z', Date.UTC(2026, 2, 14, 9, 30)],
    ['2026-03-14 09:30:15', Date.UTC(2026, 2, 14, 9, 30, 15)],
    ['2024-02-29T10:00:00Z', Date.UTC(2024, 1, 29, 10)],
    ['2026-03-14T09:30:00-03:30', Date.UTC(2026, 2, 14, 13)],
    ['2026-03-14T09:30:00+09:00', Date.UTC(2026, 2, 14, 0, 30)],
    ['2026-03-14T09:30:00.250-05:00', Date.UTC(2026, 2, 14, 14, 30, 0, 250)],
    ['2026-03-14 09:30', Date.UTC(2026, 2, 14, 9, 30)],
    ['2019-01-01 12:00 +0000', Date.UTC(2019, 0, 1, 12)],
    ['2026/03/14 09:30', Date.UTC(2026, 2, 14, 9, 30)],
    ['2026/3/4', Date.UTC(2026, 2, 4)],
    ['03/14/2026 09:30', Date.UTC(2026, 2, 14, 9, 30)],
    ['12/1/2010 8:26', Date.UTC(2010, 11, 1, 8, 26)],
    ['10/16/2015 4:30:00 PM', Date.UTC(2015, 9, 16, 16, 30)],
    ['10/16/2015 12:05:00 AM', Date.UTC(2015, 9, 16, 0, 5)],
    ['Mar 3, 2026', Date.UTC(2026, 2, 3)],
    ['Sat, Mar 14, 2026', Date.UTC(2026, 2, 14)],
    ['2026年3月14日 9:30', Date.UTC(2026, 2, 14, 9, 30)],
    ['20260314', Date.UTC(2026, 2, 14)],
    ['1773446400', Date.UTC(2026, 2, 14)],
    ['1773446400000', Date.UTC(2026, 2, 14)],
    // GA4's event_timestamp, microseconds: 1740495499153741 µs = 2025-02-25T14:58:19.153741Z (GA4-BQ-Analytics' ga4_data.csv).
    ['1740495499153741', Date.UTC(2025, 1, 25, 14, 58, 19, 153)],
    // Nanoseconds (19 digits, past 2^53: cut from the digits, not from a rounded number).
    ['1740495499153741999', Date.UTC(2025, 1, 25, 14, 58, 19, 153)],
    // Month/day/two-digit year, as The Carpentries' survey export writes "9/8/18 15:29".
    ['9/8/18 15:29', Date.UTC(2018, 8, 8, 15, 29)],
    ['12/31/68', Date.UTC(2068, 11, 31)],
    ['1/1/69', Date.UTC(1969, 0, 1)],
  ])('reads %j', (text, expected) => {
    expect(parseTimestamp(text, utc)).toBe(expected);
  });

  it('reads epoch numbers (as JSON gives them) by their size: seconds, milliseconds, microseconds, nanoseconds', () => {
    const instant = Date.UTC(2025, 1, 25, 14, 58, 19);
    expect(parseTimestamp(instant / 1000, utc)).toBe(instant);
    expect(parseTimestamp(instant, utc)).toBe(instant);
    expect(parseTimestamp(instant * 1000 + 999, utc)).toBe(instant);
    expect(parseTimestamp(instant * 1e6, utc)).toBe(instant);
    expect(parseTimestamp('12345678901234567890', utc)).toBeNaN();
  });

  it.each(['2026-02-30', '2026-02-29T10:00:00Z', '2026-04-31', '2026-03-14T09:30:00+25:00', '2026-03-14T24:00:00Z', '2026-13-01', '2026-03-14T25:00', '2026-03-14T10:61', '02/30/2026', '13/14/2026', 'Foo 3, 2026', 'yesterday', '', '2026-03-14T10:00+15:00', '13:00 PM'])(
    'rejects %j instead of rolling it over',
    (text) => {
      expect(parseTimestamp(text, utc)).toBeNaN();
    },
  );

  it('reads a timestamp without an offset in --tz, and one with an offset as given', () => {
    expect(parseTimestamp('2026-03-14 23:30', tokyo)).toBe(Date.UTC(2026, 2, 14, 14, 30));
    expect(parseTimestamp('2026-03-14T23:30:00Z', tokyo)).toBe(Date.UTC(2026, 2, 14, 23, 30));
  });

  it('follows daylight saving time in the zone', () => {
    // New York: EST (−5) until 2026-03-08 02:00, EDT (−4) after.
    expect(parseTimestamp('2026-03-07 12:00', newYork)).toBe(Date.UTC(2026, 2, 7, 17));
    expect(parseTimestamp('2026-03-08 12:00', newYork)).toBe(Date.UTC(2026, 2, 8, 16));
    expect(parseTimestamp('2026-11-01 00:30', newYork)).toBe(Date.UTC(2026, 10, 1, 4, 30));
  });

  it('explains an impossible date differently from an unknown format', () => {
    expect(timestampProblem('2026-02-30')).toContain('not a real date');
    expect(timestampProblem('soon')).toContain('is not a date or time such as');
  });
});

describe('epochFromDigitBytes', () => {
  const bytesOf = (text: string) => Buffer.from(`  ${text}  `);
  const read = (text: string) => epochFromDigitBytes(bytesOf(text), 2, 2 + Buffer.byteLength(text));

  it('reads an epoch from its bytes as parseTimestamp reads its text, or leaves it to the text', () => {
    fc.assert(
      fc.property(
        // Each length as often (fast-check favours short strings), and a run of leading zeros now and then.
        fc.integer({ min: 1, max: 20 }).chain((length) => fc.tuple(fc.nat({ max: length }), fc.stringMatching(new RegExp(`^[0-9]{${length}}$`)))),
        ([zeros, random]) => {
          const digits = '0'.repeat(zeros) + random.slice(zeros);
        const time = read(digits);
        // 9–19 digits but 17, or 18–19 from a 0, are read here; the rest are left to the text (NaN).
        const left = digits.length < 9 || digits.length > 19 || digits.length === 17 || (digits.length > 17 && digits.startsWith('0'));
        expect(Number.isNaN(time)).toBe(left);
        if (!Number.isNaN(time)) expect(time).toBe(parseTimestamp(digits, utc));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('GA4’s microseconds, by hand; a fraction, a sign or a space is left to the text', () => {
    // 1740495499153741 µs = 2025-02-25T14:58:19.153Z.
    expect(read('1740495499153741')).toBe(Date.UTC(2025, 1, 25, 14, 58, 19, 153));
    // Seconds and milliseconds: 1740495499 s, 1740495499153 ms.
    expect(read('1740495499')).toBe(Date.UTC(2025, 1, 25, 14, 58, 19));
    expect(read('1740495499153')).toBe(Date.UTC(2025, 1, 25, 14, 58, 19, 153));
    for (const text of ['1740495499.5', '-1740495499', '17404 95499', '174049549a']) expect(read(text)).toBeNaN();
  });
});
