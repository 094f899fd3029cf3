import { z } from 'zod';
import { CALENDAR_DAYS, calendarDays } from '../../time/duration.js';
import { counted } from '../../notes/plural.js';
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
  trialWindow: option(z.string().trim().regex(CALENDAR_DAYS, 'a trial window is whole calendar days or weeks, e.g. 30d or 2w').default('30d'), {
    flag: '--trial-window <days>',
    help: 'a trial converts when its customer starts paying within this many calendar days in --tz of its start, the last day included (default 30d)',
  }),
  currency: option(z.string().trim().regex(/^[A-Za-z]{3}$/, 'a currency is a three-letter code, e.g. EUR').optional(), {
    flag: '--currency <code>',
    help: "the file's currency, when it has no currency column (named in the output; nothing is converted)",
  }),
});
export type MrrOptions = z.output<typeof MrrOptions>;

/** --trial-window in calendar days. */
export function trialWindowDays(options: MrrOptions): number {
  return calendarDays(options.trialWindow);
}

/** Why a period is partial when one of its trials is still open. */
export function openTrialsNote(period: string, open: number, window: string): string {
  return `${period} is partial: ${counted(open, 'trial')} of it still inside ${open === 1 ? 'its' : 'their'} ${window} window at the data's end, not converted yet`;
}
