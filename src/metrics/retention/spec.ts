import { z } from 'zod';
import { inputsAndEvents, timeAndGroups } from '../events/event-options.js';
import { option, periodOptionDefault } from '../options.js';
import { defineMetric } from '../spec.js';
import { RetentionJob } from './job.js';

const eventNames = z.array(z.string().trim().min(1)).default([]);

// No --compare: a cohort triangle has no row per period to compare.
export const RetentionOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  ...inputsAndEvents,
  unbounded: option(z.boolean().default(false), { flag: '--unbounded', help: 'count a customer as retained at offset k when active in cohort+k or later' }),
  startEvents: option(eventNames, { flag: '--start-event <name>', help: 'events that put a customer in a cohort (repeatable)' }),
  returnEvents: option(eventNames, { flag: '--return-event <name>', help: 'events that count as coming back (repeatable)' }),
  counts: option(z.boolean().default(false), { flag: '--counts', help: 'customer counts instead of shares' }),
});
export type RetentionOptions = z.output<typeof RetentionOptions>;

export const retention = defineMetric({
  name: 'retention',
  summary: 'cohort retention triangle by first-activity period',
  description: 'Cohort retention: of the customers who started in a period, how many came back in each later one.',
  rows: 'events',
  options: RetentionOptions,
  refuses: { '--compare': 'a cohort triangle has no row per period to compare; read a cohort along its row' },
  create: (options) => new RetentionJob(options),
  examples: `Examples:
  engage retention fixtures/orders.csv                    monthly cohort triangle, shares
  engage retention fixtures/orders.csv --unbounded        "on or after" retention
  engage retention fixtures/orders.csv --counts --csv     customer counts, one row per cohort
  engage retention fixtures/orders.csv --period week --start-event signup --return-event purchase
`,
  details: `
  cohort          = period of a customer's first start event (--start-event; default any event)
  offset_k        = share of the cohort active (--return-event) in period cohort+k;
                    with --unbounded: active in cohort+k or any later period
  partial_offset  = the offset whose period has not ended yet (marked * in tables)
  all row         = Σ retained / Σ cohort sizes over cohorts whose cell is complete

--period defaults to month. Cells past the end of the data are empty.
`,
});
