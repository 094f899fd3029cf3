import { z } from 'zod';
import { inputsAndEvents, segmentOption, segmentListOption, timeAndGroups } from '../events/event-options.js';
import { compareOption, option } from '../options.js';

// The options of engage stickiness, apart from its spec: its table and its SQL form read them too.

/** --criteria: how many events a day a customer needs to be active that day (>=3, =1, <5). */
export const CRITERIA = /^(>=|<=|=|>|<)\s*(\d+)$/;

export const StickinessOptions = z.strictObject({
  ...timeAndGroups,
  segment: segmentOption,
  list: segmentListOption,
  compare: compareOption,
  ...inputsAndEvents,
  distribution: option(z.boolean().default(false), { flag: '--distribution', help: 'the distribution of active days per customer instead of the ratios' }),
  period: option(z.enum(['week', 'month', 'range']).optional(), {
    flag: '--period <unit>',
    help: 'with --distribution: active days per week (from --week-start), per month (default), or over the whole range read',
  }),
  cumulative: option(z.boolean().default(false), { flag: '--cumulative', help: 'with --distribution: customers active on n days or more' }),
  rolling: option(z.array(z.coerce.number<string>().int('a window is a whole number of days').min(1).max(366)).optional(), {
    flag: '--rolling <days>',
    help: 'one row per day: customers active in the trailing 1 and each of these many days (7,28), and their ratios',
    list: 'comma',
  }),
  criteria: option(z.string().trim().regex(CRITERIA, 'a criterion is an operator and a count, e.g. ">=3"').optional(), {
    flag: '--criteria <count>',
    help: "a customer is active on a day only with that many events that day, e.g. '>=3'",
  }),
});
export type StickinessOptions = z.output<typeof StickinessOptions>;

/** Whether a day's event count makes a customer active (--criteria). */
export function meetsCriteria(criteria: string | undefined): (count: number) => boolean {
  if (criteria === undefined) return (count) => count >= 1;
  const [, operator, value] = CRITERIA.exec(criteria)!;
  const n = Number(value);
  const tests: Record<string, (count: number) => boolean> = { '>=': (c) => c >= n, '<=': (c) => c <= n, '=': (c) => c === n, '>': (c) => c > n, '<': (c) => c < n };
  const test = tests[operator];
  // A day without an event is never active.
  return (count) => count >= 1 && test(count);
}
