import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoBytes } from '../../src/schema/timestamps.js';
import type { TimeZone } from '../../src/time/zone.js';

// The byte parser of ISO timestamps finds each date's day number again by its
// digits (a table of a few thousand dates). Against Date.UTC, with the date
// checked by reading it back: every valid date and time its instant, every
// impossible one (a 13th month, 31 April, 29 February of a common year) NaN,
// however the dates repeat, come back, or push each other out of the table.

const UTC = { toUtc: (wall: number) => wall } as unknown as TimeZone;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const stamp = fc.record({
  year: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.constantFrom(2023, 2024)),
  month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 2, 13)),
  day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 32 })),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
});

function expected({ year, month, day, hour, minute, second }: { year: number; month: number; day: number; hour: number; minute: number; second: number }): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return same ? date.getTime() : Number.NaN;
}

describe('ISO timestamps from bytes', () => {
  it('give Date.UTC’s instant for every valid date, and NaN for an impossible one, however dates repeat', () => {
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 300 }), fc.array(fc.nat(), { minLength: 2_000, maxLength: 6_000 }), (pool, picks) => {
        for (const pick of picks) {
          const s = pool[pick % pool.length];
          const text = `${pad(s.year, 4)}-${pad(s.month, 2)}-${pad(s.day, 2)}T${pad(s.hour, 2)}:${pad(s.minute, 2)}:${pad(s.second, 2)}Z`;
          const bytes = Buffer.from(`,${text},`);
          expect(parseIsoBytes(bytes, 1, bytes.length - 1, UTC), text).toBe(expected(s));
        }
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('keep no date of one another when thousands of dates push each other out of the table', () => {
    // Every day of 1990–2049 in turn, twice: far more dates than the table's slots.
    for (let round = 0; round < 2; round++) {
      for (let day = Date.UTC(1990, 0, 1); day < Date.UTC(2050, 0, 1); day += 86_400_000) {
        const text = `${new Date(day).toISOString().slice(0, 10)} 12:34`;
        expect(parseIsoBytes(Buffer.from(text), 0, text.length, UTC)).toBe(day + (12 * 60 + 34) * 60_000);
      }
    }
  });
});
