import { type Command, Option } from 'commander';
import { ChurnJob } from '../../metrics/events/churn-job.js';
import { SubscriptionChurnJob } from '../../metrics/events/subscription-churn-job.js';
import type { Terminal } from '../options.js';
import { eventMetricOptions, metricCommand } from '../metric-command.js';

const EXAMPLES = `Examples:
  engage churn fixtures/orders.csv                        monthly churn and retention of active customers
  engage churn fixtures/orders.csv --period quarter --group-by country
  engage churn fixtures/orders.csv --event purchase --tz Asia/Tokyo --csv
  engage churn fixtures/subscriptions.csv --model subscription
  engage churn fixtures/subscriptions.csv --model subscription --same-period include
`;

const DETAILS = `
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
`;

export function churnCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'churn',
      summary: 'churn and retention rate per period (activity or subscription model)',
      description: 'Churn of customers between consecutive periods, from an event or subscription log.',
      examples: EXAMPLES,
      details: DETAILS,
      events: true,
      options: (command) =>
        command
          .addOption(new Option('--model <model>', 'activity: active in p−1, not in p; subscription: start/cancel events').choices(['activity', 'subscription']).default('activity'))
          .addOption(new Option('--same-period <how>', 'subscription model: customers who start and cancel in one period').choices(['exclude', 'include']).default('exclude')),
      job: (raw, common) => {
        const options = { ...eventMetricOptions(raw, common), samePeriod: raw.samePeriod as 'exclude' | 'include' };
        return raw.model === 'subscription' ? new SubscriptionChurnJob(options) : new ChurnJob(options);
      },
    },
    terminal,
  );
}
