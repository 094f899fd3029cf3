import { Command, Option } from 'commander';
import { ChurnJob } from '../../metrics/events/churn-job.js';
import { SubscriptionChurnJob } from '../../metrics/events/subscription-churn-job.js';
import { addEventOptions, addInputOptions, addOutputOptions, addPeriodOptions, commonOptions, inputFiles, type Terminal } from '../options.js';
import { runJob } from '../run.js';
import { eventOptions } from './repeat.js';

const USAGE = 'engage churn [options] [files...]';

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
  const command = new Command('churn')
    .summary('churn and retention rate per period (activity model)')
    .description('Churn of customers between consecutive periods, from an event log.')
    .argument('[files...]', 'CSV, JSON or NDJSON event logs, optionally .gz; "-" or none reads stdin')
    .addOption(new Option('--model <model>', 'activity: active in p−1, not in p; subscription: start/cancel events').choices(['activity', 'subscription']).default('activity'))
    .addOption(new Option('--same-period <how>', 'subscription model: customers who start and cancel in one period').choices(['exclude', 'include']).default('exclude'));
  addEventOptions(command);
  addPeriodOptions(command);
  addInputOptions(command);
  addOutputOptions(command);
  command.usage('[options] [files...]');
  command.addHelpText('before', EXAMPLES);
  command.addHelpText('after', DETAILS);
  command.action(async (files: string[], raw: Record<string, unknown>) => {
    const common = commonOptions(raw, Boolean(terminal.stdout.isTTY));
    const options = { ...eventOptions(raw, common), samePeriod: raw.samePeriod as 'exclude' | 'include' };
    const job = raw.model === 'subscription' ? new SubscriptionChurnJob(options) : new ChurnJob(options);
    await runJob('churn', job, inputFiles(files, terminal, USAGE), common, terminal);
  });
  return command;
}
