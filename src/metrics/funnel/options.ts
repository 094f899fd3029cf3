import { z } from 'zod';
import { DURATION } from '../../time/duration.js';
import { inputsAndEvents, segmentOption, timeAndGroups } from '../events/event-options.js';
import { option, periodOption } from '../options.js';

// The options of engage funnel, apart from its spec: its table and its SQL form read them too.
// Their names are PostHog's and Amplitude's, so that analysts can move between the tools.

/** A duration as elapsed time: 15s, 0.25m, 24h, 7d, 1w. */

export const FunnelOptions = z.strictObject({
  period: periodOption,
  ...timeAndGroups,
  segment: segmentOption,
  ...inputsAndEvents,
  steps: option(z.array(z.string().trim().min(1)).min(2, 'a funnel needs at least two steps, e.g. view,cart,purchase'), {
    flag: '--steps <a,b,c>',
    help: 'the events of the funnel, in order; a name may repeat (signup,pageview,pageview)',
    list: 'comma',
  }),
  window: option(z.string().regex(DURATION, 'a window is written like 90s, 30m, 24h, 7d or 2w').default('30d'), {
    flag: '--window <duration>',
    help: 'how long after an attempt starts later steps count: 90s, 30m, 24h, 7d, 2w (elapsed time; default 30d)',
  }),
  order: option(z.enum(['ordered', 'strict', 'unordered']).default('ordered'), {
    flag: '--order <order>',
    help: 'ordered (steps in order, other events between allowed), strict (no other event between two steps) or unordered (the steps in any order)',
  }),
  entry: option(z.enum(['first', 'any']).default('first'), {
    flag: '--entry <rule>',
    help: "first: a customer's first step-1 event starts their one attempt; any: every step-1 event starts one, the furthest (then earliest) counts",
  }),
  exclude: option(z.array(z.string().trim().min(1)).default([]), {
    flag: '--exclude <event[@F-T]>',
    help: 'an event that voids an attempt when it happens between steps F and T (default: first and last) inside the window (repeatable)',
  }),
  percentiles: option(z.array(z.coerce.number<string>().gt(0, 'a percentile is above 0').lt(100, 'a percentile is below 100')).min(1).default([50, 90, 95]), {
    flag: '--percentiles <list>',
    help: 'the percentiles of the time to convert, e.g. 50,90,95 (50 is the median)',
    list: 'comma',
  }),
  timeToConvert: option(z.boolean().default(false), {
    flag: '--time-to-convert',
    help: "instead of the steps, a histogram of the converters' times from the first to the last step",
  }),
  bins: option(z.number().int().min(1).max(90).optional(), {
    flag: '--bins <n>',
    help: 'with --time-to-convert: how many bins (default: the cube root of the converters, at most 60)',
  }),
  attribution: option(z.string().regex(/^(first-touch|last-touch|step:\d+)$/, 'first-touch, last-touch or step:N').optional(), {
    flag: '--attribution <rule>',
    help: "with --group-by: label each customer by one event of their attempt: first-touch (step 1), last-touch (the last step reached) or step:N",
  }),
  list: option(z.string().trim().min(1).optional(), {
    flag: '--list <step>',
    help: 'the customers who reached a step (its number, or its event when it is named once), or with STEP:dropped reached it and no further; or @NAME, the customers of a --segment',
  }),
});
export type FunnelOptions = z.output<typeof FunnelOptions>;

/** The time-to-convert columns from the step before or from step 1: the mean, then each percentile (median for 50, p90, p99_9). */
export function timeColumnNames(percentiles: readonly number[], from: 'previous' | 'first'): string[] {
  return [`mean_hours_from_${from}`, ...percentiles.map((p) => `${p === 50 ? 'median' : `p${String(p).replace('.', '_')}`}_hours_from_${from}`)];
}
