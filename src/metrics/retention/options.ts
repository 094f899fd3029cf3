import { z } from 'zod';
import { inputsAndEvents, timeAndGroups } from '../events/event-options.js';
import { option, periodOptionDefault } from '../options.js';

// The options of engage retention, apart from its spec: its table and its SQL form read them too.

const eventNames = z.array(z.string().trim().min(1)).default([]);
export const RetentionOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  ...inputsAndEvents,
  unbounded: option(z.boolean().default(false), { flag: '--unbounded', help: 'count a customer as retained at offset k when active in cohort+k or later' }),
  startEvents: option(eventNames, { flag: '--start-event <name>', help: 'events that put a customer in a cohort (repeatable)' }),
  returnEvents: option(eventNames, { flag: '--return-event <name>', help: 'events that count as coming back (repeatable)' }),
  counts: option(z.boolean().default(false), { flag: '--counts', help: 'customer counts instead of shares (with --revenue: revenue instead of revenue per customer)' }),
  revenue: option(z.boolean().default(false), { flag: '--revenue', help: "revenue per customer of each cohort by offset (the amounts of the counted events)" }),
  cumulative: option(z.boolean().default(false), { flag: '--cumulative', help: 'with --revenue: revenue up to each offset, the LTV curve' }),
  list: option(z.string().trim().regex(/^.+:\d+$/, 'a cell is COHORT:OFFSET, e.g. 2026-01:3').optional(), {
    flag: '--list <cohort:k>',
    help: 'the customers of one cell instead of the triangle: those of cohort COHORT retained at offset k (e.g. 2026-01:3)',
  }),
});
export type RetentionOptions = z.output<typeof RetentionOptions>;
