import { z } from 'zod';
import { inputsAndEvents, segmentOption, segmentListOption, timeAndGroups } from '../events/event-options.js';
import { alphaOption, compareOption, option, periodOption } from '../options.js';

// The options of engage repeat, apart from its spec: its table and its SQL form read them too.

export const PURCHASE_EVENTS = ['purchase', 'order', 'order_completed', 'completed order', 'checkout_completed', '購入', '注文'];
export const RepeatOptions = z.strictObject({
  period: periodOption,
  ...timeAndGroups,
  segment: segmentOption,
  list: segmentListOption,
  compare: compareOption,
  alpha: alphaOption,
  ...inputsAndEvents,
  returning: option(z.boolean().default(false), {
    flag: '--returning',
    help: "Shopify's returning customer rate: ordered in the window and more than once in the whole file",
  }),
});
export type RepeatOptions = z.output<typeof RepeatOptions>;
