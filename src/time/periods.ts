import { z } from 'zod';
import { civilFromDays, daysFromCivil, formatDate, monthIndexOfDays, MS_PER_DAY, pad2, weekdayOfDays } from './calendar.js';
import type { TimeZone } from './zone.js';

// Calendar periods in a time zone. A period is a sortable integer key:
// day → day number, week → day number of its first day, month → year*12 + m-1,
// quarter → year*4 + q-1, year → year.

export const PeriodUnit = z.enum(['day', 'week', 'month', 'quarter', 'year']);
export type PeriodUnit = z.output<typeof PeriodUnit>;
export const WeekStart = z.enum(['monday', 'sunday']);
export type WeekStart = z.output<typeof WeekStart>;

// Rows come in any order, so the period of a day is remembered in a small
// direct-mapped cache rather than for the last day only.
const CACHE_SLOTS = 4096;

export class Periods {
  private readonly cachedDay = new Float64Array(CACHE_SLOTS).fill(Number.NaN);
  private readonly cachedKey = new Float64Array(CACHE_SLOTS);
  private readonly weekStartOffset: number;

  constructor(
    readonly unit: PeriodUnit,
    readonly zone: TimeZone,
    readonly weekStart: WeekStart = 'monday',
  ) {
    this.weekStartOffset = weekStart === 'monday' ? 0 : 6;
  }

  /** The period of an instant (epoch ms). */
  keyOf(utcMs: number): number {
    const day = Math.floor((utcMs + this.zone.offsetAt(utcMs)) / MS_PER_DAY);
    const slot = day & (CACHE_SLOTS - 1);
    if (this.cachedDay[slot] === day) return this.cachedKey[slot];
    const key = this.keyOfDay(day);
    this.cachedDay[slot] = day;
    this.cachedKey[slot] = key;
    return key;
  }

  keyOfDay(day: number): number {
    switch (this.unit) {
      case 'day':
        return day;
      case 'week':
        return day - ((weekdayOfDays(day) - this.weekStartOffset + 7) % 7);
      default: {
        const monthIndex = monthIndexOfDays(day);
        if (this.unit === 'month') return monthIndex;
        if (this.unit === 'quarter') return Math.floor(monthIndex / 3);
        return Math.floor(monthIndex / 12);
      }
    }
  }

  /** First day (day number) of a period. */
  firstDay(key: number): number {
    switch (this.unit) {
      case 'day':
      case 'week':
        return key;
      case 'month':
        return daysFromCivil(Math.floor(key / 12), (key % 12) + 1, 1);
      case 'quarter':
        return daysFromCivil(Math.floor(key / 4), (key % 4) * 3 + 1, 1);
      case 'year':
        return daysFromCivil(key, 1, 1);
    }
  }

  next(key: number): number {
    if (this.unit === 'day') return key + 1;
    if (this.unit === 'week') return key + 7;
    return key + 1;
  }

  previous(key: number): number {
    if (this.unit === 'day') return key - 1;
    if (this.unit === 'week') return key - 7;
    return key - 1;
  }

  /** The same period a year before, or undefined when there is none (29 February). */
  yearBefore(key: number): number | undefined {
    switch (this.unit) {
      case 'day': {
        const { year, month, day } = civilFromDays(key);
        return month === 2 && day === 29 ? undefined : daysFromCivil(year - 1, month, day);
      }
      case 'week':
        return key - 364; // 52 weeks: the same weekday, nearly the same week number
      case 'month':
        return key - 12;
      case 'quarter':
        return key - 4;
      case 'year':
        return key - 1;
    }
  }

  /** Consecutive periods have consecutive ordinals (weeks are keyed by their first day). */
  ordinal(key: number): number {
    return this.unit === 'week' ? Math.floor(key / 7) : key;
  }

  /** UTC instant at which a period starts (local midnight of its first day). */
  startUtc(key: number): number {
    return this.zone.toUtc(this.firstDay(key) * MS_PER_DAY);
  }

  endUtc(key: number): number {
    return this.startUtc(this.next(key));
  }

  /** 2026-03-14, 2026-W11, 2026-03, 2026-Q1, 2026. */
  label(key: number): string {
    switch (this.unit) {
      case 'day':
        return formatDate(civilFromDays(key));
      case 'week':
        return isoWeekLabel(key + (this.weekStart === 'sunday' ? 1 : 0));
      case 'month':
        return `${Math.floor(key / 12)}-${pad2((key % 12) + 1)}`;
      case 'quarter':
        return `${Math.floor(key / 4)}-Q${(key % 4) + 1}`;
      case 'year':
        return String(key);
    }
  }
}

/**
 * ISO week label of the week whose Monday is `monday`. A Sunday-start week is
 * labelled by the ISO week of the Monday after its Sunday.
 */
function isoWeekLabel(monday: number): string {
  const thursday = monday + 3;
  const { year } = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}
