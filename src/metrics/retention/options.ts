import { z } from 'zod';
import { inputsAndEvents, segmentOption, timeAndGroups } from '../events/event-options.js';
import { option, periodOptionDefault } from '../options.js';

// The options of engage retention, apart from its spec: its table and its SQL form read them too.

const eventNames = z.array(z.string().trim().min(1)).default([]);
export const RetentionOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  segment: segmentOption,
  ...inputsAndEvents,
  unbounded: option(z.boolean().default(false), { flag: '--unbounded', help: 'count a customer as retained at offset k when active in cohort+k or later' }),
  startEvents: option(eventNames, { flag: '--start-event <name>', help: 'events that put a customer in a cohort (repeatable)' }),
  returnEvents: option(eventNames, { flag: '--return-event <name>', help: 'events that count as coming back (repeatable)' }),
  counts: option(z.boolean().default(false), { flag: '--counts', help: 'customer counts instead of shares (with --revenue: revenue instead of revenue per customer)' }),
  revenue: option(z.boolean().default(false), { flag: '--revenue', help: "revenue per customer of each cohort by offset (the amounts of the counted events)" }),
  cumulative: option(z.boolean().default(false), { flag: '--cumulative', help: 'with --revenue: revenue up to each offset, the LTV curve' }),
  mode: option(z.enum(['first-time', 'recurring']).default('first-time'), {
    flag: '--mode <mode>',
    help: "first-time: a customer's cohort is the period of their first start event; recurring: every period with one of their start events (PostHog's default)",
  }),
  windows: option(z.enum(['calendar', '24h']).default('calendar'), {
    flag: '--windows <windows>',
    help: "calendar periods in --tz, or 24h: offset k is [k, k+1) days (weeks, 30-day months) after each customer's start (Amplitude's default)",
  }),
  brackets: option(z.array(z.coerce.number<string>().int('a bracket ends at a whole offset').positive('a bracket ends after offset 0')).min(1).optional(), {
    flag: '--brackets <ends>',
    help: 'offsets grouped into columns: 1,3,7,14,30 gives 0 | 1 | 2–3 | 4–7 | 8–14 | 15–30',
    list: 'comma',
  }),
  reference: option(z.enum(['initial', 'previous']).default('initial'), {
    flag: '--reference <reference>',
    help: 'shares of the cohort size (initial), or of the cell before (previous)',
  }),
  minOccurrences: option(z.number().int().min(1).default(1), {
    flag: '--min-occurrences <n>',
    help: 'after offset 0, a customer counts only with at least n return events in the period (or bracket)',
  }),
  mean: option(z.enum(['weighted', 'simple']).default('weighted'), {
    flag: '--mean <mean>',
    help: "the all row: Σ retained / Σ cohort sizes (weighted), or the mean of the cohorts' shares (simple)",
  }),
  mrr: option(z.boolean().default(false), {
    flag: '--mrr',
    help: "net revenue retention of subscription events: each cohort's MRR at the end of period c+k / its MRR at the end of c (expansion and reactivation included)",
  }),
  gross: option(z.boolean().default(false), { flag: '--gross', help: 'with --mrr: gross revenue retention, each customer counted at most at their starting MRR (≤ 100 %)' }),
  list: option(z.string().trim().regex(/^(.+:\d+|@.+)$/, 'a cell is COHORT:OFFSET, e.g. 2026-01:3, or a segment @NAME').optional(), {
    flag: '--list <cohort:k>',
    help: 'the customers of one cell instead of the triangle: those of cohort COHORT retained at offset k (e.g. 2026-01:3); or @NAME, the customers of a --segment',
  }),
});
export type RetentionOptions = z.output<typeof RetentionOptions>;
