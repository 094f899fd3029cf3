import { Periods, type PeriodUnit, type WeekStart } from '../../time/periods.js';
import { DataSpan } from '../window.js';
import { TimeZone } from '../../time/zone.js';
import { UsageError, type DataLocation } from '../../errors.js';
import { counted } from '../../notes/plural.js';
import type { Fix, Tally } from '../../notes/tally.js';
import { showCell } from '../values.js';
import { timestampReader, type TimestampReader } from '../date-format.js';
import { epochFromDigitBytes, parseIsoBytes, parseTimestamp, timestampProblem } from '../timestamps.js';
import { CellBytes } from '../../io/records.js';
import { monthDay, rangeInName, yearlessReader, type YearOption } from '../yearless.js';

// How every row plan reads time: the zone, the calendar of --period, the
// --since/--until window and the timestamp parser, made once per run.

export interface TimeOptions {
  tz: string;
  weekStart: WeekStart;
  period?: PeriodUnit;
  dateFormat?: string;
  /** The year of dates written without one, or the export's date range (--year). */
  year?: YearOption;
  since?: string;
  until?: string;
}

/** How one file's timestamps are read: its year-less dates take --year or the range in its name. */
export interface FileClock {
  read: TimestampReader;
  /** A year-less date this file gives no year for: not bad data, but a missing --year. */
  lacksYear(cell: unknown): boolean;
  /** Year-less dates all take one year (--year 2025), which a file crossing a new year does not have. */
  oneYear: boolean;
}

/** Where a file's data reaches, fed row by row (see TimeSetup.spanRecorder). */
export interface SpanRecorder {
  /** Whether `see` still needs the timestamp cell itself, not only its time. */
  needsCell: boolean;
  see(cell: unknown, time: number): void;
}

/**
 * Whether a timestamp cell writes a time of day (10:05, an epoch number), not
 * a date alone: a date has no hour, and its day ends at midnight after it.
 */
export function writesTimeOfDay(cell: unknown): boolean {
  return typeof cell !== 'string' || /\d:\d\d/.test(cell) || /^\s*\d{9,}/.test(cell);
}

export class TimeSetup {
  readonly zone: TimeZone;
  readonly periods: Periods | undefined;
  readonly span: DataSpan;
  readonly read: TimestampReader;

  constructor(private readonly options: TimeOptions) {
    this.zone = new TimeZone(options.tz);
    this.periods = options.period ? new Periods(options.period, this.zone, options.weekStart) : undefined;
    this.span = new DataSpan(options, this.zone);
    this.read = timestampReader(options.dateFormat, this.zone, parseTimestamp);
  }

  /**
   * Options of time that a run of posts or answers gives nothing to act on
   * are errors, never accepted and ignored: --tz, --date-format and --year
   * when no timestamp is read, --week-start without weeks.
   */
  assertActs(readsTime: boolean, weekdays = false): void {
    const { options } = this;
    const idle: string[] = [];
    if (!readsTime) {
      if (options.tz !== 'UTC') idle.push('--tz');
      if (options.dateFormat !== undefined) idle.push('--date-format');
      if (options.year !== undefined) idle.push('--year');
    }
    if (options.weekStart !== 'monday' && options.period !== 'week' && !weekdays) idle.push('--week-start');
    if (idle.length === 0) return;
    throw new UsageError(`${idle.join(', ')} ${idle.length === 1 ? 'has' : 'have'} nothing to act on here`, [
      readsTime ? '--week-start acts with --period week or --group-by @weekday' : 'no time is read without --period, --since or --until (or --per-post, --top, --group-by @weekday or @hour)',
      `add what it acts on, or leave ${idle.join(' and ')} out`,
    ]);
  }

  forFile(path: string): FileClock {
    const base = this.read;
    const yearless = yearlessReader(this.zone, this.options.year, rangeInName(path));
    return {
      read: yearless === undefined ? base : (cell) => {
        const time = base(cell);
        if (time === time) return time;
        const date = monthDay(cell);
        return date === undefined ? time : yearless(date);
      },
      lacksYear: (cell) => yearless === undefined && monthDay(cell) !== undefined,
      oneYear: this.options.year !== undefined && !String(this.options.year).includes('..'),
    };
  }

  /** The fix of dates without a year: --year; --skip-invalid would leave every row out. */
  readonly missingYear: Fix = {
    hint: () => 'the dates have no year (TikTok Studio writes "July 16"): pass --year, e.g. --year 2025 (or the export\'s date range when it crosses a new year: --year 2025-02-28..2026-02-27), or keep the date range in the file name (…_2025-01-01_2025-12-31…)',
    skippable: false,
  };

  /** Whether rows need a timestamp at all: for periods or for the window. */
  get needed(): boolean {
    return this.periods !== undefined || this.span.bounded;
  }

  /**
   * Records, per file, where the data reaches: a timestamp, or with a date
   * alone (2026-03-31, "Mar 31, 2025") the end of that day, so that a month
   * whose last day is in a date-only export is not called partial. Whether a
   * file has times of day is decided from its first timestamp: its cell is
   * asked for only until then (`needsCell`).
   */
  spanRecorder(wholeDays = false): SpanRecorder {
    // Rows that are days (an account's daily export) reach the end of their day, whatever time they write (Meta's T00:00:00).
    let dateOnly: boolean | undefined = wholeDays ? true : undefined;
    const days = new Periods('day', this.zone, this.options.weekStart);
    const recorder: SpanRecorder = {
      needsCell: !wholeDays,
      see: (cell, time) => {
        if (Number.isNaN(time)) return;
        if (dateOnly === undefined) {
          dateOnly = !writesTimeOfDay(cell);
          recorder.needsCell = false;
        }
        if (dateOnly) this.span.seeDay(days.endUtc(days.keyOf(time)) - 1);
        else this.span.see(time);
      },
    };
    return recorder;
  }

  /** A timestamp column that a byte-scanning reader may hand as bytes: all but custom --date-format ones. */
  bytesOf(column: number): CellBytes | undefined {
    return this.options.dateFormat === undefined ? new CellBytes(column) : undefined;
  }

  /** The time of a timestamp given as bytes when it is ISO-shaped or epoch digits (GA4's microseconds); NaN for any other (read its text then). */
  timeOfBytes(cell: CellBytes | undefined): number {
    if (cell === undefined || cell.to < 0) return Number.NaN;
    const iso = parseIsoBytes(cell.bytes, cell.from, cell.to, this.zone);
    return iso === iso ? iso : epochFromDigitBytes(cell.bytes, cell.from, cell.to);
  }

  /** Tallies a timestamp cell that did not read: a date without a year, or a bad one. */
  reportBadTime(problems: Tally, file: FileClock, column: { name: string; header: string }, raw: unknown, at: () => DataLocation): void {
    if (file.lacksYear(raw)) {
      problems.add(`${column.name}:year`, (n) => `${counted(n, 'row')} with a date without a year in "${column.header}"; the first was "${showCell(raw)}"`, at, this.missingYear);
      return;
    }
    const problem = this.problem(raw);
    problems.add(`${column.name}:bad`, (n) => `${counted(n, 'row')} with a bad "${column.header}"; the first: ${problem}`, at);
  }

  /** What was wrong with a cell that did not read as a timestamp. */
  problem(raw: unknown): string {
    return this.options.dateFormat ? `"${String(raw)}" does not match --date-format "${this.options.dateFormat}"` : timestampProblem(raw);
  }
}
