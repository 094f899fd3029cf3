import { UsageError } from '../../errors.js';
import { DURATION, durationMs } from '../../time/duration.js';

// --outcome and --within of engage drivers, as segments-and-drivers.md
// writes them: retained:EVENT@D..E (days after the first day, both ends
// included) or converted:EVENT; a window of the first calendar days (d, w)
// or an exact duration from the origin (h, m, s).

/** An outcome of any event (retained:*@28..56): a file without an event column has no other. */
export const ANY_EVENT = '*';

export type Outcome = { kind: 'retained'; event: string; from: number; to: number } | { kind: 'converted'; event: string };

export function parseOutcome(text: string): Outcome {
  const retained = /^retained:(.+)@(\d+)\.\.(\d+)$/i.exec(text.trim());
  if (retained) {
    const [from, to] = [Number(retained[2]), Number(retained[3])];
    if (from > to) throw new UsageError(`--outcome ${text}: the days run from the earlier to the later (retained:EVENT@D..E with D ≤ E)`, ['e.g. --outcome retained:login@28..56']);
    return { kind: 'retained', event: retained[1].trim().toLowerCase(), from, to };
  }
  const converted = /^converted:(.+)$/i.exec(text.trim());
  if (converted?.[1].trim() === ANY_EVENT) throw new UsageError(`--outcome ${text}: every customer's first event is an event, so everybody converts at once`, ['name the event: converted:purchase']);
  if (converted) return { kind: 'converted', event: converted[1].trim().toLowerCase() };
  if (/^funnel-step:/i.test(text.trim())) {
    throw new UsageError('--outcome funnel-step:N is not built yet (issue #24 stays open): use retained:EVENT@D..E or converted:EVENT', ['e.g. --outcome converted:purchase']);
  }
  throw new UsageError(`--outcome ${text}: expected retained:EVENT@D..E or converted:EVENT`, ['e.g. --outcome retained:login@28..56 or --outcome converted:purchase']);
}

/** The candidate window: whole local days (7d, 2w), or an exact duration (24h, 30m, 90s). */
export type Within = { days: number } | { ms: number };

export function parseWithin(text: string): Within {
  const match = DURATION.exec(text);
  if (!match) throw new UsageError(`--within ${text}: a window is written like 7d, 2w, 24h or 30m`);
  const [, amount, unit] = match;
  if (unit === 'd' || unit === 'w') {
    const days = Number(amount) * (unit === 'w' ? 7 : 1);
    if (!Number.isInteger(days) || days < 1) throw new UsageError(`--within ${text}: whole days or weeks (calendar days in --tz), or hours and minutes`);
    return { days };
  }
  return { ms: durationMs(text) };
}
