import { z } from 'zod';
import { BASIS_COLUMNS } from '../schema/post.js';
import { PeriodUnit, WeekStart } from '../time/periods.js';

// What `engage rate` can be asked, as the library receives it. The CLI maps
// its flags onto this; the programmatic API validates against it too.
export const RateOptions = z.object({
  by: z.enum(BASIS_COLUMNS).optional(),
  /** Interaction columns: canonical names or header names of the file. */
  interactions: z.array(z.string().min(1)).min(1).optional(),
  period: PeriodUnit.optional(),
  tz: z.string().default('UTC'),
  weekStart: WeekStart.default('monday'),
  dateFormat: z.string().min(1).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  groupBy: z.array(z.string().min(1)).default([]),
  perPost: z.boolean().default(false),
  top: z.number().int().positive().optional(),
  map: z.array(z.string()).default([]),
  skipInvalid: z.boolean().default(false),
});
export type RateOptions = z.output<typeof RateOptions>;
export type RateOptionsInput = z.input<typeof RateOptions>;
