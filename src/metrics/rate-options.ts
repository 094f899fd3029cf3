import { z } from 'zod';
import { BASIS_COLUMNS } from '../schema/post.js';
import { CommonMetricOptions } from './common-options.js';

// What `engage rate` can be asked, as the library receives it. The CLI maps
// its flags onto this; the programmatic API validates against it too.
export const RateOptions = CommonMetricOptions.extend({
  by: z.enum(BASIS_COLUMNS).optional(),
  /** Interaction columns: canonical names or header names of the file. */
  interactions: z.array(z.string().min(1)).min(1).optional(),
  perPost: z.boolean().default(false),
  top: z.number().int().positive().optional(),
});
export type RateOptions = z.output<typeof RateOptions>;
export type RateOptionsInput = z.input<typeof RateOptions>;
