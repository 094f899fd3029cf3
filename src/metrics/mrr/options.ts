import { z } from 'zod';
import { inputsAndEvents, timeAndGroups } from '../events/event-options.js';
import { compareOption, option, periodOptionDefault } from '../options.js';

// The options of engage mrr, apart from its spec: its table reads them too.

export const MrrOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  compare: compareOption,
  ...inputsAndEvents,
  ltvWindow: option(z.number().int().min(1).max(120).default(6), {
    flag: '--ltv-window <n>',
    help: 'LTV divides ARPA by the mean customer churn rate of the n periods before (default 6, as ChartMogul)',
  }),
  currency: option(z.string().trim().regex(/^[A-Za-z]{3}$/, 'a currency is a three-letter code, e.g. EUR').optional(), {
    flag: '--currency <code>',
    help: "the file's currency, when it has no currency column (named in the output; nothing is converted)",
  }),
});
export type MrrOptions = z.output<typeof MrrOptions>;
