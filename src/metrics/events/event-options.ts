import { z } from 'zod';
import { PeriodUnit } from '../../time/periods.js';
import { CommonMetricOptions } from '../common-options.js';

// Options every customer-event command takes, as the library receives them.
export const EventOptions = CommonMetricOptions.extend({
  /** --event: only rows whose event is one of these (case-insensitive). */
  events: z.array(z.string().min(1)).default([]),
  /** --where COLUMN OP VALUE filters. */
  where: z.array(z.string()).default([]),
});
export type EventOptions = z.output<typeof EventOptions>;
export type EventOptionsInput = z.input<typeof EventOptions>;

export const RepeatOptions = EventOptions.extend({
  /** Shopify's returning customer rate instead of the strict repeat rate. */
  returning: z.boolean().default(false),
});
export type RepeatOptionsInput = z.input<typeof RepeatOptions>;

export const ChurnOptions = EventOptions.extend({
  period: PeriodUnit.default('month'),
  model: z.enum(['activity', 'subscription']).default('activity'),
  samePeriod: z.enum(['exclude', 'include']).default('exclude'),
});
export type ChurnOptionsInput = z.input<typeof ChurnOptions>;

export const RetentionOptions = EventOptions.extend({
  period: PeriodUnit.default('month'),
  unbounded: z.boolean().default(false),
  startEvents: z.array(z.string().min(1)).default([]),
  returnEvents: z.array(z.string().min(1)).default([]),
  counts: z.boolean().default(false),
});
export type RetentionOptionsInput = z.input<typeof RetentionOptions>;
