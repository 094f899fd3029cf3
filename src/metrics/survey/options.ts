import { z } from 'zod';
import { alphaOption, compareOption, groupByOption, inputOptions, option, periodOption, timeOptions } from '../options.js';

// NPS and CES are defined on their own scales; CSAT takes --scale.
export const SurveyOptions = z.strictObject({
  period: periodOption,
  ...timeOptions,
  groupBy: groupByOption,
  compare: compareOption,
  alpha: alphaOption,
  ...inputOptions,
});

export const NpsOptions = SurveyOptions.extend({
  vs: option(z.string().trim().min(1).optional(), { flag: '--vs <group>', help: 'with --group-by: test each group’s NPS against this group’s' }),
});

export const CsatOptions = SurveyOptions.extend({
  scale: option(z.string().regex(/^\d+-\d+$/, 'a scale is written low-high, like 1-5').default('1-5'), { flag: '--scale <low-high>', help: 'the answer scale' }),
});

/** What the survey job reads: the shared options, and a scale where the metric has one. */
export type SurveyOptions = z.output<typeof SurveyOptions> & { scale?: string; vs?: string };
