import { z } from 'zod';
import { inputsAndEvents, segmentOption, segmentListOption, timeAndGroups } from '../events/event-options.js';
import { compareOption, periodOptionDefault } from '../options.js';

// The options of engage lifecycle, apart from its spec: its table and its SQL form read them too.

export const LifecycleOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  segment: segmentOption,
  list: segmentListOption,
  compare: compareOption,
  ...inputsAndEvents,
});
export type LifecycleOptions = z.output<typeof LifecycleOptions>;
