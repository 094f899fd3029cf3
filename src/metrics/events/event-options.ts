import { z } from 'zod';
import { PeriodUnit, WeekStart } from '../../time/periods.js';

// Options every customer-event command takes, as the library receives them.
export const EventOptions = z.object({
  period: PeriodUnit.optional(),
  tz: z.string().default('UTC'),
  weekStart: WeekStart.default('monday'),
  /** Pattern for timestamps the built-in shapes do not read, e.g. "DD/MM/YYYY HH:mm". */
  dateFormat: z.string().min(1).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  groupBy: z.array(z.string().min(1)).default([]),
  /** --event: only rows whose event is one of these (case-insensitive). */
  events: z.array(z.string().min(1)).default([]),
  /** --where COLUMN OP VALUE filters. */
  where: z.array(z.string()).default([]),
  map: z.array(z.string()).default([]),
  skipInvalid: z.boolean().default(false),
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
