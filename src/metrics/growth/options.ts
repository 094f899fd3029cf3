import { z } from 'zod';
import { inputOptions, periodOptionDefault, timeOptions } from '../options.js';

// The options of engage growth, apart from its spec: its table reads them too.

export const GrowthOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeOptions,
  ...inputOptions,
});
export type GrowthOptions = z.output<typeof GrowthOptions>;
