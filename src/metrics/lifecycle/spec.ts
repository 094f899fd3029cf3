import { lifecycleSql } from './sql.js';
import { Activity } from '../events/activity.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { LifecycleOptions } from './options.js';
import { lifecycleTable } from './table.js';

export const lifecycle = defineMetric({
  name: 'lifecycle',
  summary: 'new, returning, resurrecting and dormant customers per period',
  description: "Growth accounting of active customers: where each period's actives come from.",
  rows: 'events',
  options: LifecycleOptions,
  sql: (options, context) => lifecycleSql(options, context),
  create: (options) => {
    // Any event is activity: no row's name is read unless --event chose some.
    const plan = eventPlan(options, { namesRead: false });
    return job(plan, new Grouped(() => new Activity(), options.groupBy.length, false, plan.groupOrders), (state) => lifecycleTable(state, plan), options);
  },
  examples: `Examples:
  engage lifecycle fixtures/orders.csv                    new, returning, resurrecting and dormant per month
  engage lifecycle fixtures/orders.csv --period week --group-by country
  engage lifecycle fixtures/orders.csv --compare previous --csv
`,
  details: `
For each period p and customer active in p (any event, or those of --event):
  new           p is the customer's first active period
  returning     also active in p−1
  resurrecting  active before, but not in p−1
  dormant       active in p−1 and not in p, shown as a negative count
  quick_ratio   (new + resurrecting) / |dormant|: above 1 the active base grows
--period defaults to month; the all row sums the periods.
`,
});

export { LifecycleOptions };
