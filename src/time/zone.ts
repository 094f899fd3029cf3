import { UsageError } from '../errors.js';

// Time zone offsets from the platform's IANA database (Intl). Asking Intl is
// slow, so offsets are cached per quarter hour: every real zone changes its
// offset only on quarter-hour boundaries.
const QUARTER_HOUR = 900_000;

export class TimeZone {
  readonly name: string;
  private readonly isUtc: boolean;
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly cache = new Map<number, number>();

  constructor(name: string) {
    // The default zone needs no formatter: making the first Intl object loads the locale data, 15-20 ms of a run's start.
    if (name === 'UTC') {
      [this.name, this.isUtc, this.format] = ['UTC', true, undefined];
      return;
    }
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new UsageError(`unknown time zone "${name}"`, [
        'use an IANA name such as UTC, Asia/Tokyo, Europe/London or America/New_York',
      ]);
    }
    this.name = format.resolvedOptions().timeZone;
    this.isUtc = this.name === 'UTC' || this.name === 'Etc/UTC';
    this.format = this.isUtc ? undefined : format;
  }

  /** Milliseconds to add to a UTC instant to get the local wall-clock time. */
  offsetAt(utcMs: number): number {
    if (this.isUtc) return 0;
    const bucket = Math.floor(utcMs / QUARTER_HOUR);
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      offset = this.computeOffset(bucket * QUARTER_HOUR);
      this.cache.set(bucket, offset);
    }
    return offset;
  }

  /** The UTC instant of a local wall-clock time (given as if it were UTC). */
  toUtc(localMs: number): number {
    if (this.isUtc) return localMs;
    const first = this.offsetAt(localMs);
    const second = this.offsetAt(localMs - first);
    // In a fold or gap the two guesses differ; the second is the one whose
    // wall clock matches best, as most libraries choose.
    return localMs - second;
  }

  private computeOffset(utcMs: number): number {
    const parts = this.format!.formatToParts(new Date(utcMs));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return local - utcMs;
  }
}
