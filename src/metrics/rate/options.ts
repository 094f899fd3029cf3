import { z } from 'zod';
import { CALENDAR_DAYS } from '../../time/duration.js';
import { BASIS_COLUMNS } from '../../schema/post.js';
import { compareOption, groupByOption, inputOptions, option, periodOption, timeOptions } from '../options.js';

// What `engage rate` can be asked, in the library's names, each with its flag.
export const RateOptions = z.strictObject({
  period: periodOption,
  ...timeOptions,
  groupBy: groupByOption,
  compare: compareOption,
  ...inputOptions,
  by: option(z.enum(BASIS_COLUMNS).optional(), { flag: '--by <basis>', help: 'what a rate divides by (default: the first present)' }),
  interactions: option(z.array(z.string().trim().min(1)).min(1).optional(), {
    flag: '--interactions <columns>',
    help: 'comma-separated columns to count, e.g. likes,comments,shares,clicks',
    list: 'comma',
  }),
  perPost: option(z.boolean().default(false), { flag: '--per-post', help: 'list every post with its rate instead of the summary' }),
  top: option(z.number().int().positive().optional(), { flag: '--top <n>', help: 'list the N posts with the highest rate' }),
  breakouts: option(z.boolean().default(false), {
    flag: '--breakouts',
    help: "with --per-post: score each post against the same platform's posts of --baseline before it (median and 1.4826 × MAD); a breakout scores above --sigma",
  }),
  sigma: option(z.number().positive().optional(), { flag: '--sigma <k>', help: 'with --breakouts: how many robust standard deviations above the median a breakout is (default 3)' }),
  baseline: option(z.string().trim().regex(CALENDAR_DAYS, 'a baseline is whole calendar days or weeks, e.g. 12w or 90d').optional(), {
    flag: '--baseline <window>',
    help: 'with --breakouts: the window before each post its score is measured against (default 12w)',
  }),
  minPosts: option(z.number().int().min(1).optional(), { flag: '--min-posts <n>', help: 'leave out groups with fewer than n posts (counted in a note; the overall row counts every post)' }),
});
export type RateOptions = z.output<typeof RateOptions>;
export type RateOptionsInput = z.input<typeof RateOptions>;
