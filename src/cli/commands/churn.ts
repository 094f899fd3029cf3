import { Command, Option } from 'commander';
import { ChurnJob } from '../../metrics/events/churn-job.js';
import { addEventOptions, addInputOptions, addOutputOptions, addPeriodOptions, commonOptions, inputFiles, type Terminal } from '../options.js';
import { runJob } from '../run.js';
import { eventOptions } from './repeat.js';

const USAGE = 'engage churn [options] [files...]';

const EXAMPLES = `Examples:
  engage churn fixtures/orders.csv                        monthly churn and retention of active customers
  engage churn fixtures/orders.csv --period quarter --group-by country
  engage churn fixtures/orders.csv --event purchase --tz Asia/Tokyo --csv
`;

const DETAILS = `
  A(p)            = customers active in period p (any event, or those of --event)
  churned(p)      = customers active in p−1 and not in p
  churn_rate      = churned / |A(p−1)|;  retention_rate = 1 − churn_rate
  new             = customers whose first activity in the data is in p;  returning = active − new

The overall row pools complete periods: Σ churned / Σ |A(p−1)|. --period defaults to month.
`;

export function churnCommand(terminal: Terminal): Command {
  const command = new Command('churn')
    .summary('churn and retention rate per period (activity model)')
    .description('Churn of customers between consecutive periods, from an event log.')
    .argument('[files...]', 'CSV, JSON or NDJSON event logs, optionally .gz; "-" or none reads stdin')
    .addOption(new Option('--model <model>', 'activity (active in p−1, not in p); subscription is not available yet').choices(['activity', 'subscription']).default('activity'));
  addEventOptions(command);
  addPeriodOptions(command);
  addInputOptions(command);
  addOutputOptions(command);
  command.usage('[options] [files...]');
  command.addHelpText('before', EXAMPLES);
  command.addHelpText('after', DETAILS);
  command.action(async (files: string[], raw: Record<string, unknown>) => {
    const common = commonOptions(raw, Boolean(terminal.stdout.isTTY));
    const job = new ChurnJob({ ...eventOptions(raw, common), model: raw.model as 'activity' | 'subscription' });
    await runJob('churn', job, inputFiles(files, terminal, USAGE), common, terminal);
  });
  return command;
}
