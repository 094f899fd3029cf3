import type { PeriodUnit, WeekStart } from '../time/periods.js';
import type { Dialect } from './dialect.js';

// Calendar periods in SQL, as src/time/periods.ts defines them: a timestamp
// with time zone becomes wall-clock time in --tz, is cut to its period's
// start (weeks from Monday, or from Sunday), and the period is labelled and
// bounded by instants, for the partial flag.

const STEP: Record<PeriodUnit, string> = {
  day: "INTERVAL '1 day'",
  week: "INTERVAL '7 days'",
  month: "INTERVAL '1 month'",
  quarter: "INTERVAL '3 months'",
  year: "INTERVAL '1 year'",
};

export class PeriodsSql {
  constructor(
    private readonly dialect: Dialect,
    readonly unit: PeriodUnit,
    private readonly zone: string,
    private readonly weekStart: WeekStart,
  ) {}

  /** How far one period reaches: the step of a series of periods. */
  get step(): string {
    return STEP[this.unit];
  }

  /** The wall-clock start of the period of a timestamp. */
  start(ts: string): string {
    return this.startOfLocal(this.dialect.local(ts, this.zone));
  }

  /** The wall-clock start of the period of a wall-clock time (a day in --tz, say). */
  startOfLocal(local: string): string {
    if (this.unit === 'week' && this.weekStart === 'sunday') return `(date_trunc('week', ${local} + INTERVAL '1 day') - INTERVAL '1 day')`;
    return `date_trunc('${this.unit}', ${local})`;
  }

  label(start: string): string {
    return this.dialect.label(start, this.unit, this.weekStart);
  }

  startInstant(start: string): string {
    return this.dialect.instant(start, this.zone);
  }

  endInstant(start: string): string {
    return this.dialect.instant(`(${start} + ${STEP[this.unit]})`, this.zone);
  }

  /** How many periods from wall-clock period start `from` to `to` (both cut to their periods). */
  offset(from: string, to: string): string {
    const months = `((extract(year FROM ${to}) - extract(year FROM ${from})) * 12 + extract(month FROM ${to}) - extract(month FROM ${from}))`;
    const days = `(CAST(${to} AS DATE) - CAST(${from} AS DATE))`;
    switch (this.unit) {
      case 'day':
        return `CAST(${days} AS INTEGER)`;
      case 'week':
        return `CAST(${days} / 7 AS INTEGER)`;
      case 'month':
        return `CAST(${months} AS INTEGER)`;
      case 'quarter':
        return `CAST(${months} / 3 AS INTEGER)`;
      case 'year':
        return `CAST(extract(year FROM ${to}) - extract(year FROM ${from}) AS INTEGER)`;
    }
  }

  /**
   * Where the data ends (exclusive), over the counted rows' `ts`: just after
   * the latest timestamp; or, when every timestamp is a midnight in --tz
   * (dates without a time of day), the end of the latest day, so that a
   * month whose last day is in the data is not called partial.
   */
  dataEnd(ts: string): string {
    const local = this.dialect.local(ts, this.zone);
    const endOfDay = this.dialect.instant(`(date_trunc('day', max(${local})) + INTERVAL '1 day')`, this.zone);
    return `CASE WHEN bool_and(${local} = date_trunc('day', ${local})) THEN ${endOfDay} ELSE max(${ts}) + INTERVAL '1 millisecond' END`;
  }
}

/** An instant as an SQL literal both engines read. */
export function instantLiteral(ms: number): string {
  return `TIMESTAMPTZ '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00')}'`;
}
