import { z } from 'zod';
import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../time/calendar.js';
import type { TimeZone } from '../time/zone.js';

// Dates written without a year: TikTok Studio's "July 16" (and "7月16日").
// Their year comes from --year, or from the date range that exports put in
// their file names (…_2024-01-01_2024-12-31…): the year that puts the date
// inside the range.

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ENGLISH = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?$/;
const JAPANESE = /^(\d{1,2})月(\d{1,2})日$/;

export interface MonthDay {
  month: number;
  day: number;
}

/** The month and day of a year-less date, or undefined when the cell is not one. */
export function monthDay(cell: unknown): MonthDay | undefined {
  if (typeof cell !== 'string') return undefined;
  const text = cell.trim();
  let m = ENGLISH.exec(text);
  if (m) return named(m[1], +m[2]);
  m = DAY_FIRST.exec(text);
  if (m) return named(m[2], +m[1]);
  m = JAPANESE.exec(text);
  if (m && +m[1] >= 1 && +m[1] <= 12) return { month: +m[1], day: +m[2] };
  return undefined;
}

/** A month by its name or an abbreviation of it (Jul, Sept). */
function named(name: string, day: number): MonthDay | undefined {
  const lower = name.toLowerCase();
  const month = MONTHS.findIndex((full) => full.startsWith(lower)) + 1;
  return month === 0 ? undefined : { month, day };
}

/**
 * --year: a year (2025), or the date range of an export that crosses a new year
 * (2025-02-28..2026-02-27, at most 366 days, so that each month and day has one year in it).
 */
export const YearOption = z.union([
  z.number().int().min(1900).max(2999),
  z
    .string()
    .trim()
    .regex(/^\d{4}$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, 'a year (2025) or a date range (2025-02-28..2026-02-27)')
    .refine((text) => /^\d{4}$/.test(text) || yearRange(text) !== undefined, 'a date range of real dates, at most 366 days long, the earlier first'),
]);
export type YearOption = z.output<typeof YearOption>;

/** The days of --year's range, when it is one. */
function yearRange(text: string): { start: number; end: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const real = (y: number, mo: number, d: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
  if (!real(+m[1], +m[2], +m[3]) || !real(+m[4], +m[5], +m[6])) return undefined;
  const [start, end] = [daysFromCivil(+m[1], +m[2], +m[3]), daysFromCivil(+m[4], +m[5], +m[6])];
  return start <= end && end - start <= 365 ? { start, end } : undefined;
}

/** A date range in a file name, as exports write it: _YYYY-MM-DD_YYYY-MM-DD (or without dashes). */
export function rangeInName(path: string): { start: number; end: number } | undefined {
  const m = /(\d{4})-?(\d{2})-?(\d{2})[_-](\d{4})-?(\d{2})-?(\d{2})/.exec(path.split(/[/\\]/).pop() ?? '');
  if (!m) return undefined;
  const start = daysFromCivil(+m[1], +m[2], +m[3]);
  const end = daysFromCivil(+m[4], +m[5], +m[6]);
  return start <= end ? { start, end } : undefined;
}

/**
 * Reads year-less dates in a zone: with a year, or with a range whose years
 * are tried in turn. NaN when the date is not real (February 30) or falls
 * outside the range.
 */
export function yearlessReader(zone: TimeZone, option: YearOption | undefined, inName: { start: number; end: number } | undefined): ((date: MonthDay) => number) | undefined {
  const at = (y: number, { month, day }: MonthDay) => (day >= 1 && day <= daysInMonth(y, month) ? daysFromCivil(y, month, day) : Number.NaN);
  const given = typeof option === 'string' && option.includes('..') ? yearRange(option) : undefined;
  const year = option === undefined || given !== undefined ? undefined : Number(option);
  const range = given ?? inName;
  if (year !== undefined) return (date) => {
    const days = at(year, date);
    return Number.isNaN(days) ? days : zone.toUtc(days * MS_PER_DAY);
  };
  if (range === undefined) return undefined;
  const first = new Date(range.start * MS_PER_DAY).getUTCFullYear();
  const last = new Date(range.end * MS_PER_DAY).getUTCFullYear();
  return (date) => {
    for (let y = first; y <= last; y++) {
      const days = at(y, date);
      if (days >= range.start && days <= range.end) return zone.toUtc(days * MS_PER_DAY);
    }
    return Number.NaN;
  };
}
