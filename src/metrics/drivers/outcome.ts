import { UsageError } from '../../errors.js';
import { DURATION, durationMs } from '../../time/duration.js';
import { ANY_EVENT } from '../segments/grammar.js';

// --outcome and --within of engage drivers, as segments-and-drivers.md
// writes them: retained:EVENT@D..E (days after the first day, both ends
// included), converted:EVENT, or funnel-step:N with the funnel's --steps and
// --window; a window of the first calendar days (d, w) or an exact duration
// from the origin (h, m, s; a funnel's is always exact).

// An outcome of any event (retained:*@28..56), as a segment's count of any event.
export { ANY_EVENT };

export type Outcome = { kind: 'retained'; event: string; from: number; to: number } | { kind: 'converted'; event: string } | { kind: 'funnel'; step: number };

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
  const funnel = /^funnel-step:(\d+)$/i.exec(text.trim());
  if (funnel) return { kind: 'funnel', step: Number(funnel[1]) };
  throw new UsageError(`--outcome ${text}: expected retained:EVENT@D..E, converted:EVENT or funnel-step:N`, ['e.g. --outcome retained:login@28..56, --outcome converted:purchase or --outcome funnel-step:3 --steps view,cart,buy']);
}

/** The candidate window: whole local days (7d, 2w), or an exact duration (24h, 30m, 90s). */
export type Within = { days: number } | { ms: number };

function parseWithin(text: string): Within {
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

/** What engage drivers measures, from its options checked together: the outcome, the window, and a funnel's steps. */
export interface DriversSetup {
  outcome: Outcome;
  within: Within;
  /** --within as written, or its default. */
  withinText: string;
  /** funnel-step: the steps (lower case) and the funnel's window in milliseconds. */
  funnel?: { steps: string[]; window: number };
  /** Events that are never candidates: the converted event, the funnel's steps. */
  excluded: string[];
}

export function driversSetup(options: { outcome: string; within?: string; steps?: string[]; window?: string }): DriversSetup {
  const outcome = parseOutcome(options.outcome);
  if (outcome.kind !== 'funnel') {
    const idle = [options.steps !== undefined ? '--steps' : '', options.window !== undefined ? '--window' : ''].filter((flag) => flag !== '');
    if (idle.length > 0) throw new UsageError(`${idle.join(' and ')} ${idle.length === 1 ? 'has' : 'have'} nothing to act on: the funnel's options go with --outcome funnel-step:N`, ['e.g. --outcome funnel-step:3 --steps view,cart,buy --window 7d']);
    const withinText = options.within ?? '7d';
    return { outcome, within: parseWithin(withinText), withinText, excluded: outcome.kind === 'converted' ? [outcome.event] : [] };
  }
  const steps = options.steps?.map((step) => step.toLowerCase());
  if (steps === undefined) throw new UsageError('--outcome funnel-step:N needs the funnel: --steps a,b,c', ['e.g. --outcome funnel-step:3 --steps view,cart,buy']);
  if (outcome.step < 2 || outcome.step > steps.length) throw new UsageError(`--outcome funnel-step:${outcome.step}: the funnel has steps 1 … ${steps.length}, and step 1 is where customers start`, [`e.g. --outcome funnel-step:${steps.length}`]);
  const windowText = options.window ?? '30d';
  const withinText = options.within ?? windowText;
  return { outcome, within: { ms: durationMs(withinText) }, withinText, funnel: { steps, window: durationMs(windowText) }, excluded: steps };
}
