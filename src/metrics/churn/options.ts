import { z } from 'zod';
import { inputsAndEvents, segmentOption, timeAndGroups } from '../events/event-options.js';
import { alphaOption, compareOption, option, periodOptionDefault } from '../options.js';

// The options of engage churn, apart from its spec: its table and its SQL form read them too.

export const ChurnOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  segment: segmentOption,
  compare: compareOption,
  alpha: alphaOption,
  ...inputsAndEvents,
  model: option(z.enum(['activity', 'subscription']).default('activity'), {
    flag: '--model <model>',
    help: 'activity: active in p−1, not in p; subscription: start/cancel events',
  }),
  list: option(z.string().trim().min(1).optional(), {
    flag: '--list <period>',
    help: 'the customers who churned in PERIOD (active the period before, not in it) instead of the table, e.g. 2026-03; or @NAME, the customers of a --segment',
  }),
  samePeriod: option(z.enum(['exclude', 'include']).default('exclude'), {
    flag: '--same-period <how>',
    help: 'subscription model: customers who start and cancel in one period',
  }),
});
export type ChurnOptions = z.output<typeof ChurnOptions>;
