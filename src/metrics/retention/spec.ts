import { Activity } from '../events/activity.js';
import { cellList } from '../segments/setup.js';
import { eventPlan } from '../events/event-plan.js';
import { isSubscriptionLog, withoutAnonymous } from '../events/subscription-sample.js';
import { Grouped } from '../grouped.js';
import { job, type MetricJob } from '../job.js';
import { defineMetric } from '../spec.js';
import { RetentionOptions } from './options.js';
import { checkMrrOptions } from './mrr-modes.js';
import { mrrCohortTable } from './mrr-cohorts.js';
import { ledgers, subscriptionPlan } from '../mrr/subscription-plan.js';
import { UsageError } from '../../errors.js';
import { RevenueActivity } from './revenue-activity.js';
import { retentionOffsetsNeeded, retentionSql, retentionTableFromSql } from './sql.js';
import { RetentionLog } from './memberships.js';
import { membershipTable } from './membership-table.js';
import { checkModeOptions, needsMemberships } from './modes.js';
import { lower, retentionTable } from './table.js';


// No --compare: a cohort triangle has no row per period to compare.
export const retention = defineMetric({
  name: 'retention',
  summary: 'cohort retention triangle by first-activity period',
  description: 'Cohort retention: of the customers who started in a period, how many came back in each later one.',
  rows: 'events',
  rowsFor: (options) => (options.mrr ? 'subscriptions' : 'events'),
  options: RetentionOptions,
  refuses: { '--compare': 'a cohort triangle has no row per period to compare; read a cohort along its row' },
  starter: (sample) => (isSubscriptionLog(sample) ? undefined : { options: { period: 'month' as const, ...withoutAnonymous(sample) }, comment: 'monthly cohorts' }),
  create: (options) => retentionJob(options),
  sql: (options, context) => {
    checkMrrOptions(options);
    checkRevenueOptions(options);
    checkModeOptions(options);
    return retentionSql(options, context, selectedEvents(options), context.maxOffset);
  },
  tableFromSql: retentionTableFromSql,
  sqlOffsetsNeeded: retentionOffsetsNeeded,
  examples: `Examples:
  engage retention fixtures/orders.csv                    monthly cohort triangle, shares
  engage retention fixtures/orders.csv --unbounded        "on or after" retention
  engage retention fixtures/orders.csv --counts --csv     customer counts, one row per cohort
  engage retention fixtures/orders.csv --period week --start-event signup --return-event purchase
  engage retention fixtures/cdnow_sample.csv --period quarter --revenue --cumulative
  engage retention fixtures/orders.csv --list 2026-01:2 --csv         who of January's cohort came back in March
  engage retention fixtures/orders.csv --period week --mode recurring --brackets 1,3,7
  engage retention fixtures/orders.csv --period week --windows 24h --reference previous --mean simple
  engage retention fixtures/billing.csv --mrr                 net revenue retention of each signup cohort
  engage retention fixtures/billing.csv --mrr --gross         gross: nobody counts above their starting MRR
  engage retention fixtures/onboarding-events.csv --period week --segment buyer='purchase>=1 within 7d' --group-by @segment
`,
  details: `
  cohort          = period of a customer's first start event (--start-event; default any event)
  offset_k        = share of the cohort active (--return-event) in period cohort+k;
                    with --unbounded: active in cohort+k or any later period
  partial_offset  = the offset whose period has not ended yet (marked * in tables)
  all row         = Σ retained / Σ cohort sizes over cohorts whose cell is complete
  --revenue       offset_k = revenue of the cohort's customers in period cohort+k / cohort size;
                  --cumulative: in periods cohort to cohort+k (each cohort's LTV curve); the
                  amounts are those of the return events (default: every event with one)

  --mode recurring   every period with a start event is a cohort of the customer's
  --windows 24h      offset k is [k, k+1) days (7-day weeks, 30-day months) after each
                     customer's start, not a calendar period
  --brackets 1,3,7   columns 0 | 1 | 2–3 | 4–7: active at any offset of the bracket
  --min-occurrences  after offset 0, at least n return events in the period (or bracket)
  --reference previous  from offset 1, cell k / cell k−1 of the same cohort
  --mean simple      the all row is the mean of the cohorts' shares, not Σ / Σ

  --mrr           subscription events (as engage mrr reads them): cohort = period of a
                  customer's first payment; offset_k = the cohort's MRR at the end of period
                  c+k / its MRR at the end of c (NRR); --gross: each customer at most at their
                  own starting MRR (GRR ≤ 100 %); --counts: the MRR itself

--period defaults to month. Cells past the end of the data are empty.
`,
});

function retentionJob(options: RetentionOptions): MetricJob {
  checkMrrOptions(options);
  if (options.mrr) {
    const plan = subscriptionPlan(options, 'engage retention --mrr');
    const state = ledgers(options.groupBy.length);
    return job(plan, state, (grouped: typeof state) => mrrCohortTable(grouped, plan, options, plan.readsLabel('currency')), options);
  }
  const starts = options.startEvents.length > 0 ? new Set(lower(options.startEvents)) : undefined;
  const returns = options.returnEvents.length > 0 ? new Set(lower(options.returnEvents)) : undefined;
  checkRevenueOptions(options);
  checkModeOptions(options);
  const roles = [...options.startEvents, ...options.returnEvents];
  const chosenBy = roles.length > 0 ? (options.startEvents.length > 0 ? '--start-event' : '--return-event') : undefined;
  // Without start or return events every event plays both roles: no row's name is read unless --event chose some.
  const plan = eventPlan(options, { selected: selectedEvents(options), readAmount: options.revenue, chosenBy, chosenNames: roles.length > 0 ? roles : undefined, originEvents: starts && [...starts], namesRead: roles.length > 0 });
  const [startTest, returnTest] = [starts ? (event: string) => starts.has(event) : undefined, returns ? (event: string) => returns.has(event) : undefined];
  if (needsMemberships(options)) {
    const log = () => new RetentionLog(startTest ?? (() => true), returnTest ?? (() => true));
    return job(plan, new Grouped(log, options.groupBy.length, false, plan.groupOrders), (state) => membershipTable(state, plan, options), options);
  }
  const activity = () => (options.revenue ? new RevenueActivity(startTest, returnTest) : new Activity(startTest, returnTest));
  return job(plan, new Grouped(activity, options.groupBy.length, false, plan.groupOrders), (state) => retentionTable(state, plan, options), options);
}

/** What --revenue goes with and what not, for the streaming engine and the SQL form alike. */
export function checkRevenueOptions(options: RetentionOptions): void {
  if (options.cumulative && !options.revenue) throw new UsageError('--cumulative adds up revenue: use it with --revenue');
  if (options.revenue && options.unbounded) throw new UsageError('--unbounded counts customers, not revenue: leave it out with --revenue');
  if (options.revenue && cellList(options.list) !== undefined) throw new UsageError('--list lists the customers of a retention cell: leave out --revenue');
}

/** The events read: --event, plus the start and return events; without one of those roles, every event plays it. */
export function selectedEvents(options: RetentionOptions): readonly string[] | 'all' | undefined {
  const roles = [...options.startEvents, ...options.returnEvents];
  if (roles.length === 0) return undefined;
  if (options.startEvents.length === 0 || options.returnEvents.length === 0) {
    return options.events.length === 0 ? 'all' : [...roles, ...options.events];
  }
  return roles;
}

export { RetentionOptions };
