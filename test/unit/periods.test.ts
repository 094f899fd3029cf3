import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/time/format-instant.js';
import { Periods } from '../../src/time/periods.js';
import { TimeZone } from '../../src/time/zone.js';

const utc = new TimeZone('UTC');
const at = (iso: string) => Date.parse(iso);
const label = (periods: Periods, iso: string) => periods.label(periods.keyOf(at(iso)));

describe('Periods', () => {
  it('labels each unit', () => {
    const iso = '2026-03-14T12:00:00Z';
    expect(label(new Periods('day', utc), iso)).toBe('2026-03-14');
    expect(label(new Periods('week', utc), iso)).toBe('2026-W11');
    expect(label(new Periods('month', utc), iso)).toBe('2026-03');
    expect(label(new Periods('quarter', utc), iso)).toBe('2026-Q1');
    expect(label(new Periods('year', utc), iso)).toBe('2026');
  });

  it('puts ISO weeks across the year boundary where ISO 8601 does', () => {
    const weeks = new Periods('week', utc);
    // 2026-01-01 is a Thursday, so Monday 2025-12-29 starts 2026-W01.
    expect(label(weeks, '2025-12-29T00:00:00Z')).toBe('2026-W01');
    expect(label(weeks, '2025-12-28T23:59:59Z')).toBe('2025-W52');
    expect(label(weeks, '2026-01-04T23:59:59Z')).toBe('2026-W01');
    expect(label(weeks, '2026-01-05T00:00:00Z')).toBe('2026-W02');
    // 2026 has 53 ISO weeks: Friday 2027-01-01 still belongs to 2026-W53.
    expect(label(weeks, '2027-01-01T12:00:00Z')).toBe('2026-W53');
    expect(label(weeks, '2024-12-31T12:00:00Z')).toBe('2025-W01');
  });

  it('starts weeks on Sunday when asked', () => {
    const weeks = new Periods('week', utc, 'sunday');
    const sunday = weeks.keyOf(at('2026-01-04T10:00:00Z'));
    expect(weeks.keyOf(at('2026-01-10T23:00:00Z'))).toBe(sunday); // the Saturday after
    expect(weeks.keyOf(at('2026-01-03T23:00:00Z'))).not.toBe(sunday);
    expect(weeks.label(sunday)).toBe('2026-W02');
    expect(formatInstant(weeks.startUtc(sunday), utc)).toBe('2026-01-04T00:00:00Z');
  });

  it('buckets in the time zone: a UTC evening is the next morning in Tokyo', () => {
    const iso = '2026-03-14T20:00:00Z';
    expect(label(new Periods('day', utc), iso)).toBe('2026-03-14');
    expect(label(new Periods('day', new TimeZone('Asia/Tokyo')), iso)).toBe('2026-03-15');
    expect(label(new Periods('month', new TimeZone('Asia/Tokyo')), '2026-03-31T15:00:00Z')).toBe('2026-04');
  });

  it('gives period bounds in UTC, across a DST change', () => {
    const days = new Periods('day', new TimeZone('America/New_York'));
    const key = days.keyOf(at('2026-03-08T12:00:00Z'));
    expect(days.label(key)).toBe('2026-03-08');
    expect(days.startUtc(key)).toBe(at('2026-03-08T05:00:00Z'));
    // The day DST starts has 23 hours.
    expect(days.endUtc(key) - days.startUtc(key)).toBe(23 * 3_600_000);
  });

  it('steps to the next period', () => {
    const months = new Periods('month', utc);
    const december = months.keyOf(at('2025-12-10T00:00:00Z'));
    expect(months.label(months.next(december))).toBe('2026-01');
    const quarters = new Periods('quarter', utc);
    expect(quarters.label(quarters.next(quarters.keyOf(at('2025-11-01T00:00:00Z'))))).toBe('2026-Q1');
  });
});

describe('formatInstant', () => {
  it('writes local time with its offset', () => {
    expect(formatInstant(at('2026-03-14T00:30:00Z'), new TimeZone('Asia/Tokyo'))).toBe('2026-03-14T09:30:00+09:00');
    expect(formatInstant(at('2026-03-14T00:30:00.5Z'), utc)).toBe('2026-03-14T00:30:00.500Z');
  });
});

describe('calendar arithmetic', () => {
  it('round-trips every day from 1899 to 2101 against Date', async () => {
    const { civilFromDays, daysFromCivil, monthIndexOfDays } = await import('../../src/time/calendar.js');
    for (let days = daysFromCivil(1899, 1, 1); days <= daysFromCivil(2101, 12, 31); days++) {
      const date = new Date(days * 86_400_000);
      const civil = civilFromDays(days);
      expect(civil).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
      expect(monthIndexOfDays(days)).toBe(civil.year * 12 + civil.month - 1);
      expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
    }
  });
});
