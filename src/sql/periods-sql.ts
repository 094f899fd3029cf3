import type { PeriodUnit, WeekStart } from '../time/periods.js';
import type { Dialect } from './dialect.js';

// Calendar periods in SQL, as src/time/periods.ts defines them: a timestamp
// with time zone becomes wall-clock time in --tz, is cut to its period's
// start (weeks from Monday, or from Sunday), and the period is labelled and
// bounded by instants, for the partial flag.

export class PeriodsSql {
  constructor(
    readonly dialect: Dialect,
    readonly unit: PeriodUnit,
    private readonly zone: string,
    private readonly weekStart: WeekStart,
  ) {}

  /** How far one period reaches: the step of a series of periods. */
  get step(): string {
    return this.stepOf();
  }

  /** The wall-clock start of the period of a timestamp. */
  start(ts: string): string {
    return this.startOfLocal(this.dialect.local(ts, this.zone));
  }

  /** The wall-clock start of the period of a wall-clock time (a day in --tz, say). */
  startOfLocal(local: string): string {
    const d = this.dialect;
    if (this.unit === 'week' && this.weekStart === 'sunday') return `(${d.trunc('week', `${local} + ${d.interval(1, 'day')}`, this.zone)} - ${d.interval(1, 'day')})`;
    return d.trunc(this.unit, local, this.zone);
  }

  label(start: string): string {
    return this.dialect.label(start, this.unit, this.weekStart);
  }

  startInstant(start: string): string {
    return this.dialect.instant(start, this.zone);
  }

  endInstant(start: string): string {
    return this.dialect.instant(`(${start} + ${this.stepOf()})`, this.zone);
  }

  /** One period's length, in the dialect's words. */
  stepOf(): string {
    const d = this.dialect;
    return this.unit === 'week' ? d.interval(7, 'day') : this.unit === 'quarter' ? d.interval(3, 'month') : d.interval(1, this.unit);
  }

  /** A FROM clause of every period start from `low` to `high`, as column `name`. */
  series(low: string, high: string, name: string): string {
    return this.dialect.periodSeries(low, high, this.unit, this.step, name);
  }

  /** In a SELECT list: every period start from `from` to `to`. */
  everyStart(from: string, to: string): string {
    return this.dialect.periodStarts(from, to, this.unit, this.step);
  }

  /** How many periods from wall-clock period start `from` to `to` (both cut to their periods). */
  offset(from: string, to: string): string {
    const months = `((extract(year FROM ${to}) - extract(year FROM ${from})) * 12 + extract(month FROM ${to}) - extract(month FROM ${from}))`;
    const days = this.dialect.dayDiff(from, to);
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
   * The step `data_end` (column `at`): where the data ends, exclusive: --until when it is
   * given, else the end of `rows`' timestamps (`ts`), as dataEnd says.
   */
  dataEndStep(until: number, rows = 'counted'): string {
    return `data_end AS (\n  ${Number.isFinite(until) ? `SELECT ${this.dialect.instantLiteral(until)} AS at` : `SELECT ${this.dataEnd('ts')} AS at\n  FROM ${rows}`}\n)`;
  }

  /**
   * Whether the period that starts at wall-clock `start` is partial (METRICS.md): the data
   * ends before the period does, or --since cuts into it. It reads `data_end.at`.
   */
  partial(start: string, since: number): string {
    const cut = Number.isFinite(since) ? ` OR ${this.dialect.instantLiteral(since)} > ${this.startInstant(start)}` : '';
    return `(data_end.at < ${this.endInstant(start)}${cut})`;
  }

  /**
   * Where the data ends (exclusive), over the counted rows' `ts`: just after
   * the latest timestamp; or, when every timestamp is a midnight in --tz
   * (dates without a time of day), the end of the latest day, so that a
   * month whose last day is in the data is not called partial.
   */
  dataEnd(ts: string): string {
    const d = this.dialect;
    const local = d.local(ts, this.zone);
    const endOfDay = d.instant(`(${d.trunc('day', `max(${local})`, this.zone)} + ${d.interval(1, 'day')})`, this.zone);
    return `CASE WHEN ${d.allTrue(`${local} = ${d.trunc('day', local, this.zone)}`)} THEN ${endOfDay} ELSE max(${ts}) + ${d.interval(1, 'millisecond')} END`;
  }
}
