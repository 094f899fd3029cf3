import { z } from 'zod';
import { inputOptions, option, periodOptionDefault, timeOptions } from '../options.js';

// The options of engage growth, apart from its spec: its table reads them too.

export const GrowthOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeOptions,
  ...inputOptions,
  posts: option(z.string().min(1).optional(), {
    flag: '--posts <file>',
    help: "a posts export of the same account (with --db, its table): each post rated by the followers of its day (--map reads the account file only)",
    file: true,
  }),
  interactions: option(z.array(z.string().trim().min(1)).min(1).optional(), {
    flag: '--interactions <columns>',
    help: 'with --posts: comma-separated columns of the posts file to count, e.g. likes,comments,shares',
    list: 'comma',
  }),
});
export type GrowthOptions = z.output<typeof GrowthOptions>;
