import { UsageError } from '../../errors.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { ledgers, subscriptionPlan } from './subscription-plan.js';
import { MrrOptions } from './options.js';
import { mrrFromSql, mrrSql } from './sql.js';
import { mrrTable } from './table.js';

export const mrr = defineMetric({
  name: 'mrr',
  summary: 'MRR movements per period: new, reactivation, expansion, contraction, churn; quick ratio, ARPA, ASP, LTV',
  description: 'Monthly recurring revenue and where it moved each period, from subscription events or a billing export.',
  rows: 'subscriptions',
  options: MrrOptions,
  sql: (options, context) => {
    assertEventActs(options);
    return mrrSql(options, context);
  },
  tableFromSql: mrrFromSql,
  create: (options) => {
    assertEventActs(options);
    const plan = subscriptionPlan(options, 'engage mrr');
    const state = ledgers(options.groupBy.length);
    return job(plan, state, (grouped: typeof state) => {
      const currencyColumn = plan.readsLabel('currency');
      if (currencyColumn && options.currency !== undefined) throw new UsageError('--currency names the currency of a file without a currency column, and this file has one', ['leave out --currency: each currency is a group of its own']);
      return mrrTable(grouped, plan, options, currencyColumn);
    }, { ...options });
  },
  examples: `Examples:
  engage mrr fixtures/subscriptions.csv                     MRR movements per month
  engage mrr fixtures/billing.csv --period quarter          seats, yearly plans and two currencies
`,
  details: `
Per customer and period, m0 = their MRR at the period's start and m1 at its end:
  new             m0 = 0 < m1, never paying before         reactivation  m0 = 0 < m1, paying before
  expansion       0 < m0 < m1                              contraction   0 < m1 < m0
  churned         m0 > 0 = m1                              started_and_ended  paying only inside
mrr_at_end = mrr_at_start + new + reactivation + expansion − contraction − churned, exactly.
  quick_ratio     (new + reactivation + expansion MRR) / (contraction + churned MRR)
  arpa            mrr_at_end / customers_at_end        asp   new_mrr / new
  ltv             arpa / mean churn_rate of the --ltv-window periods before (default 6)
  trial_conversion  trials (trial_start events) whose customer started paying within
                  --trial-window calendar days (default 30d) / trials started in the period
A subscription's MRR: (quantity × amount − discount) / months of its interval (year 12,
quarter 3, week 12/52, day 12/365); a subscription_id column lets a customer hold several.
A currency column makes each currency a group of its own.
`,
});

/** The subscription events are the rows engage mrr reads: --event would choose among them and leave MRR half-counted. */
function assertEventActs(options: MrrOptions): void {
  if (options.events.length > 0) throw new UsageError('--event has nothing to act on here: engage mrr reads every subscription event (start, change, cancel)', ['leave out --event; --where chooses rows by another column']);
}

export { MrrOptions };
