import { repeatSql } from './sql.js';
import { eventPlan } from '../events/event-plan.js';
import { isSubscriptionLog, withoutAnonymous } from '../events/subscription-sample.js';
import { job } from '../job.js';
import { assertAlphaActs } from '../options.js';
import { defineMetric } from '../spec.js';
import { RepeatOptions, PURCHASE_EVENTS } from './options.js';
import { RepeatState } from './state.js';
import { repeatTable } from './table.js';

/** Events that are orders when --event does not say. */

export const repeat = defineMetric({
  name: 'repeat',
  summary: 'repeat purchase rate (strict, or returning with --returning)',
  description: 'Repeat purchase rate of customers in an order or event log.',
  rows: 'events',
  options: RepeatOptions,
  starter: (sample) => (isSubscriptionLog(sample) ? undefined : { options: withoutAnonymous(sample), comment: 'strict repeat purchase rate', failIf: 'repeat_rate < 0' }),
  sql: (options, context) => {
    assertAlphaActs(options);
    return repeatSql(options, context);
  },
  create: (options) => {
    assertAlphaActs(options);
    const plan = eventPlan(options, { defaultEvents: PURCHASE_EVENTS, readAmount: true, readOrders: true });
    return job(plan, new RepeatState(options.groupBy.length, plan.groupOrders), (state) => repeatTable(state, plan, options), options);
  },
  examples: `Examples:
  engage repeat fixtures/orders.csv                       strict repeat purchase rate of all customers
  engage repeat fixtures/orders.csv --returning           Shopify's returning customer rate
  engage repeat fixtures/orders.csv --period month --group-by country
  engage repeat fixtures/orders.csv --since 2026-01-01 --until 2026-04-01 --json
  engage repeat fixtures/real/online_retail.csv.gz --where 'InvoiceNo!^=C' --where 'CustomerID!=' --map amount='Quantity*UnitPrice'
`,
  details: `
  repeat_rate     = customers with ≥ 2 orders in the window / customers with ≥ 1 order in it
  returning_rate  = customers of the window with > 1 order in the whole file / customers of the window
  orders          = rows of purchase events (event named purchase or order, or --event),
                    one per order_id where the file has one; every row when there is no event column

With --period, each period is its own window; the overall row is one window over all of them.
Days between orders are between a customer's consecutive orders inside the window.
`,
});

export { RepeatOptions, PURCHASE_EVENTS };
