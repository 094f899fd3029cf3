import { Periods, type PeriodUnit, type WeekStart } from '../../time/periods.js';
import { DataSpan } from '../../time/window.js';
import { TimeZone } from '../../time/zone.js';
import { timestampReader, type TimestampReader } from '../date-format.js';
import { parseTimestamp, timestampProblem } from '../timestamps.js';

// How every row plan reads time: the zone, the calendar of --period, the
// --since/--until window and the timestamp parser, made once per run.

export interface TimeOptions {
  tz: string;
  weekStart: WeekStart;
  period?: PeriodUnit;
  dateFormat?: string;
  since?: string;
  until?: string;
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

  /** Whether rows need a timestamp at all: for periods or for the window. */
  get needed(): boolean {
    return this.periods !== undefined || this.span.bounded;
  }

  /**
   * Records, per file, where the data reaches: a timestamp, or with a date
   * alone (2026-03-31, "Mar 31, 2025") the end of that day, so that a month
   * whose last day is in a date-only export is not called partial. Whether a
   * file has times of day is decided from its first timestamp.
   */
  spanRecorder(): (cell: unknown, time: number) => void {
    let dateOnly: boolean | undefined;
    const days = new Periods('day', this.zone, this.options.weekStart);
    return (cell, time) => {
      if (Number.isNaN(time)) return;
      dateOnly ??= typeof cell === 'string' && !/\d:\d\d/.test(cell) && !/^\s*\d{9,}/.test(cell);
      if (dateOnly) this.span.seeDay(days.endUtc(days.keyOf(time)) - 1);
      else this.span.see(time);
    };
  }

  /** What was wrong with a cell that did not read as a timestamp. */
  problem(raw: unknown): string {
    return this.options.dateFormat ? `"${String(raw)}" does not match --date-format "${this.options.dateFormat}"` : timestampProblem(raw);
  }
}
