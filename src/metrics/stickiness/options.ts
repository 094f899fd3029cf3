import { z } from 'zod';
import { inputsAndEvents, timeAndGroups } from '../events/event-options.js';
import { compareOption, option } from '../options.js';

// The options of engage stickiness, apart from its spec: its table and its SQL form read them too.

export const StickinessOptions = z.strictObject({
  ...timeAndGroups,
  compare: compareOption,
  ...inputsAndEvents,
  distribution: option(z.boolean().default(false), { flag: '--distribution', help: 'the distribution of active days per customer instead of the ratios' }),
});
export type StickinessOptions = z.output<typeof StickinessOptions>;
