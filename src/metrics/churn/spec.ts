import { churnSql } from './sql.js';
import { cellList } from '../segments/setup.js';
import { Activity } from '../events/activity.js';
import { eventPlan } from '../events/event-plan.js';
import { isSubscriptionLog, withoutAnonymous } from '../events/subscription-sample.js';
import { Grouped } from '../grouped.js';
import { job, type MetricJob } from '../job.js';
import { assertAlphaActs } from '../options.js';
import { defineMetric } from '../spec.js';
import { ChurnOptions } from './options.js';
import { UsageError } from '../../errors.js';
import { activityChurnTable, churnedList } from './activity-table.js';
import { subscriptionChurnTable } from './subscription-table.js';
import { CANCEL_EVENTS, CHANGE_EVENTS, START_EVENTS, SubscriptionLog } from './subscriptions.js';

export const churn = defineMetric({
  name: 'churn',
  summary: 'churn and retention rate per period (activity or subscription model)',
  description: 'Churn of customers between consecutive periods, from an event or subscription log.',
  rows: 'events',
  options: ChurnOptions,
  starter: (sample) =>
    isSubscriptionLog(sample)
      ? { options: { model: 'subscription' as const, period: 'month' as const }, comment: 'start and cancel events', failIf: 'churn_rate > 1', kind: 'subscription events' }
      : { options: { period: 'month' as const, ...withoutAnonymous(sample) }, comment: 'activity churn per month' },
  sql: (options, context) => {
    assertAlphaActs(options);
    assertEventActs(options);
    return churnSql(options, context);
  },
  create: (options) => {
    assertAlphaActs(options);
    assertEventActs(options);
    return options.model === 'subscription' ? subscriptionChurn(options) : activityChurn(options);
  },
  examples: `Examples:
  engage churn fixtures/orders.csv                        monthly churn and retention of active customers
  engage churn fixtures/orders.csv --period quarter --group-by country
  engage churn fixtures/orders.csv --event purchase --tz Asia/Tokyo --csv
  engage churn fixtures/subscriptions.csv --model subscription
  engage churn fixtures/subscriptions.csv --model subscription --same-period include
  engage churn fixtures/orders.csv --list 2026-03 --csv                who churned in March
  engage churn fixtures/orders.csv --segment loyal='purchase>=2 within 30d' --group-by @segment
  engage churn fixtures/orders.csv --segment loyal='purchase>=2 within 30d' --list @loyal --csv
`,
  details: `
  A(p)            = customers active in period p (any event, or those of --event)
  churned(p)      = customers active in p−1 and not in p
  churn_rate      = churned / |A(p−1)|;  retention_rate = 1 − churn_rate
  new             = customers whose first activity in the data is in p;  returning = active − new

The overall row pools complete periods: Σ churned / Σ |A(p−1)|. --period defaults to month.

--model subscription reads start/subscribe, cancel/end and change/upgrade/downgrade events
(one subscription per customer at a time; the amount is the MRR):
  churn_rate      = customers subscribed at the period's start and not at its end / those at its start
  --same-period   exclude (ChartMogul): customers who start and cancel inside a period count nowhere;
                  include (Stripe): they count as churned, and new customers join the denominator
  gross_mrr_churn = (churned MRR + contraction) / MRR at start; net_mrr_churn subtracts expansion
`,
});

function activityChurn(options: ChurnOptions): MetricJob {
  // Any event is activity: no row's name is read unless --event chose some.
  const plan = eventPlan(options, { namesRead: false });
  return job(plan, new Grouped(() => new Activity(), options.groupBy.length, false, plan.groupOrders), (state) => (options.list !== undefined ? churnedList(state.overall(), plan, options.list) : activityChurnTable(state, plan, options.alpha)), options);
}

function subscriptionChurn(options: ChurnOptions): MetricJob {
  if (cellList(options.list) !== undefined) throw new UsageError('--list lists the churned of the activity model: leave out --model subscription');
  // Only subscription events mean anything here, whatever --event says; a cancel has no amount.
  const plan = eventPlan(options, {
    selected: [...START_EVENTS, ...CANCEL_EVENTS, ...CHANGE_EVENTS],
    chosenBy: '--model subscription',
    readAmount: true,
    amountExpected: (event) => !CANCEL_EVENTS.includes(event),
  });
  return job(plan, new Grouped(() => new SubscriptionLog(), options.groupBy.length, false, plan.groupOrders), (state) => subscriptionChurnTable(state, plan, options.samePeriod, options.alpha), options);
}

/** The subscription model reads every subscription event: --event would choose among them and leave subscriptions half-read. */
function assertEventActs(options: ChurnOptions): void {
  if (options.model === 'subscription' && options.events.length > 0) {
    throw new UsageError('--event has nothing to act on with --model subscription: it reads every subscription event (start, change, cancel)', ['leave out --event; --where chooses rows by another column']);
  }
}

export { ChurnOptions };
