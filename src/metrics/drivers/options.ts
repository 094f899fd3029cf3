import { z } from 'zod';
import { DURATION } from '../../time/duration.js';
import { inputsAndEvents } from '../events/event-options.js';
import { option, timeOptions } from '../options.js';

// The options of engage drivers, apart from its spec: its table reads them too.

export const DriversOptions = z.strictObject({
  ...timeOptions,
  ...inputsAndEvents,
  outcome: option(z.string().trim().min(1), {
    flag: '--outcome <outcome>',
    help: 'what counts as a good outcome: retained:EVENT@D..E (EVENT on one of days D … E after the first day; * for any event) or converted:EVENT',
  }),
  within: option(z.string().regex(DURATION, 'a window is written like 7d, 2w, 24h or 30m').optional(), {
    flag: '--within <window>',
    help: "how long after each customer's first event their actions are counted: calendar days in --tz (7d, 2w) or a duration (24h); default 7d, or the funnel's --window",
  }),
  steps: option(z.array(z.string().trim().min(1)).min(2).optional(), { flag: '--steps <events>', help: 'with --outcome funnel-step:N: the funnel, comma-separated, as engage funnel reads it', list: 'comma' }),
  window: option(z.string().regex(DURATION, 'a window is written like 90s, 30m, 24h, 7d or 2w').optional(), {
    flag: '--window <window>',
    help: "with --outcome funnel-step:N: how long after the first step the funnel's steps count (default 30d)",
  }),
  candidates: option(z.array(z.string().trim().min(1)).min(1).optional(), { flag: '--candidates <events>', help: 'comma-separated events to test (default: every event)', list: 'comma' }),
  maxCount: option(z.number().int().min(1).max(100).default(5), { flag: '--max-count <n>', help: 'thresholds 1 … n: "did it at least t times"' }),
  list: option(z.string().trim().min(1).optional(), {
    flag: '--list <cell>',
    help: 'the customers of one row, EVENT:T, with whether each reached it and had the outcome; :did or :not, then :yes or :no, narrow it to a group or a cell',
  }),
  // No default in the schema: with --list it has nothing to act on, which must be told from a default.
  minShare: option(z.number().min(0).max(1).optional(), { flag: '--min-share <share>', help: 'the least share of customers a magic number must cover (default 0.05)' }),
});
export type DriversOptions = z.output<typeof DriversOptions>;

/** --min-share when it is not given (Amplitude warns off thresholds almost nobody crosses). */
export const MIN_SHARE = 0.05;
