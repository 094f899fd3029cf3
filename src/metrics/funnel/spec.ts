import { funnelSql } from './sql.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { FunnelOptions } from './options.js';
import type { EventInput } from '../../schema/plans/events.js';
import { FunnelLog, funnelList, funnelTable } from './table.js';

// No --period and no --compare: a funnel is one walk over the whole time range
// (--since/--until choose it).
export const funnel = defineMetric({
  name: 'funnel',
  summary: 'ordered conversion funnel within a time window',
  description: 'Conversion through ordered steps (events) within a window from the first step.',
  rows: 'events',
  options: FunnelOptions,
  refuses: {
    '--period': 'a funnel is one walk over the whole time range: use --since/--until to choose it',
    '--compare': 'a funnel has no periods to compare: run it twice with --since/--until',
  },
  sql: (options, context) => funnelSql(options, context),
  create: (options) => {
    const steps = options.steps.map((s) => s.trim().toLowerCase());
    const stepOf = new Map(steps.map((step, index) => [step, index]));
    // Only the steps' events are read; the options show them as the events counted.
    const plan = eventPlan({ ...options, events: options.steps }, { chosenBy: '--steps' });
    const state = new Grouped(() => new FunnelLog(stepOf), options.groupBy.length, false);
    const table = (grouped: Grouped<EventInput, FunnelLog>) => (options.list !== undefined ? funnelList(grouped.overall(), plan, steps, options.window, options.list) : funnelTable(grouped, steps, options.window, options.groupBy));
    return job(plan, state, table, { ...options, events: options.steps });
  },
  examples: `Examples:
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --window 7d
  engage funnel fixtures/funnel.csv --steps view,purchase --window 24h --group-by channel
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --window 7d --list cart:dropped
`,
  details: `
A customer's funnel starts at their first event of the first step; each later step
counts when it happens at or after the step before and within --window of the start.
  conversion_from_previous    customers at the step / customers at the step before
  conversion_from_first       customers at the step / customers who started
  median_hours_from_previous  median time from the step before, in hours
--window takes minutes, hours, days or weeks: 30m, 24h, 7d, 2w (default 30d).
`,
});

export { FunnelOptions };
