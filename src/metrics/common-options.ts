import { z } from 'zod';
import { UsageError } from '../errors.js';
import { PeriodUnit, WeekStart } from '../time/periods.js';

// Options every metric command takes, declared once; each command's schema
// extends this one.
export const CommonMetricOptions = z.object({
  period: PeriodUnit.optional(),
  tz: z.string().default('UTC'),
  weekStart: WeekStart.default('monday'),
  /** Pattern for timestamps the built-in shapes do not read, e.g. "DD/MM/YYYY HH:mm". */
  dateFormat: z.string().min(1).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  groupBy: z.array(z.string().min(1)).default([]),
  /** Change columns against the period before or a year before. */
  compare: z.enum(['previous', 'yoy']).optional(),
  map: z.array(z.string()).default([]),
  skipInvalid: z.boolean().default(false),
});

/** Validates options given to a job, as the library or the CLI passes them. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}
