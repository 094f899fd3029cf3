import { UsageError } from '../errors.js';
import { parseTimestamp, TIMESTAMP_EXPECTED } from './timestamps.js';
import { formatInstant } from '../time/format-instant.js';
import type { Periods } from '../time/periods.js';
import type { TimeZone } from '../time/zone.js';

/** --since (inclusive) and --until (exclusive) as epoch ms; open ends are infinite. */
export function timeWindow(options: { since?: string; until?: string }, zone: TimeZone): { since: number; until: number } {
  const boundary = (flag: string, value: string | undefined, open: number): number => {
    if (value === undefined) return open;
    const ms = parseTimestamp(value, zone);
    if (Number.isNaN(ms)) throw new UsageError(`${flag} "${value}" is not ${TIMESTAMP_EXPECTED}`);
    return ms;
  };
  const since = boundary('--since', options.since, Number.NEGATIVE_INFINITY);
  const until = boundary('--until', options.until, Number.POSITIVE_INFINITY);
  if (since >= until) throw new UsageError('--since must come before --until');
  return { since, until };
}

/**
 * The stretch of time the data covers: --since/--until, and the latest
 * timestamp counted. It says which periods are partial and why, the same way
 * for every metric: the first when --since cuts into it, the last when the
 * data (or --until) ends before it does.
 */
export interface SpanReach {
  latest: number;
  latestIsDay: boolean;
  outside: number;
}

export class DataSpan {
  readonly since: number;
  readonly until: number;
  private latest = Number.NEGATIVE_INFINITY;
  /** Rows left out for a time outside --since/--until, for the note that says so. */
  outside = 0;

  constructor(options: { since?: string; until?: string }, readonly zone: TimeZone) {
    ({ since: this.since, until: this.until } = timeWindow(options, zone));
  }

  /** Whether --since or --until was given: only then must timestamps be read to filter rows. */
  get bounded(): boolean {
    return Number.isFinite(this.since) || Number.isFinite(this.until);
  }

  /** Whether a row's time is outside --since/--until, counting it when so. An unknown time (NaN) is never outside. */
  leavesOut(time: number): boolean {
    if (time < this.since || time >= this.until) {
      this.outside++;
      return true;
    }
    return false;
  }

  private latestIsDay = false;

  /** Records a timestamp that was counted. */
  see(time: number): void {
    if (time > this.latest) {
      this.latest = time;
      this.latestIsDay = false;
    }
  }

  /** Where the data reaches and what it left out, to be added to another span's (a part of a file read on its own). */
  reach(): SpanReach {
    return { latest: this.latest, latestIsDay: this.latestIsDay, outside: this.outside };
  }

  absorb(other: SpanReach): void {
    this.outside += other.outside;
    if (other.latest > this.latest) {
      this.latest = other.latest;
      this.latestIsDay = other.latestIsDay;
    }
  }

  /** Records a date without a time of day: the data reaches the end of that day (its last millisecond). */
  seeDay(lastMs: number): void {
    if (lastMs > this.latest) {
      this.latest = lastMs;
      this.latestIsDay = true;
    }
  }

  /** Where the data ends (exclusive): --until, or just after the latest timestamp counted. */
  end(): number {
    return Number.isFinite(this.until) ? this.until : this.latest + 1;
  }

  isPartial(periods: Periods, key: number): boolean {
    return this.end() < periods.endUtc(key) || (Number.isFinite(this.since) && this.since > periods.startUtc(key));
  }

  /** "2026-03 is partial: …", saying why. */
  partialNote(periods: Periods, key: number): string {
    if (Number.isFinite(this.since) && this.since > periods.startUtc(key)) {
      return `${periods.label(key)} is partial: --since starts at ${formatInstant(this.since, this.zone)}`;
    }
    const end = Number.isFinite(this.until) ? `ends at ${formatInstant(this.until, this.zone)}`
      : this.latestIsDay ? `ends with ${formatInstant(this.latest, this.zone).slice(0, 10)}`
        : `ends at ${formatInstant(this.latest, this.zone)}`;
    return `${periods.label(key)} is partial: the data ${end}, before the period does (pass --until to say when it ends)`;
  }
}
