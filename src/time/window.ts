import { UsageError } from '../errors.js';
import { parseTimestamp, TIMESTAMP_EXPECTED } from '../schema/timestamps.js';
import type { TimeZone } from './zone.js';

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
