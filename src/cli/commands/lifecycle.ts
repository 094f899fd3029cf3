import type { Command } from 'commander';
import { LifecycleJob } from '../../metrics/events/lifecycle-job.js';
import { eventMetricOptions, metricCommand } from '../metric-command.js';
import type { Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage lifecycle fixtures/orders.csv                    new, returning, resurrecting and dormant per month
  engage lifecycle fixtures/orders.csv --period week --group-by country
  engage lifecycle fixtures/orders.csv --compare previous --csv
`;

const DETAILS = `
For each period p and customer active in p (any event, or those of --event):
  new           p is the customer's first active period
  returning     also active in p−1
  resurrecting  active before, but not in p−1
  dormant       active in p−1 and not in p, shown as a negative count
  quick_ratio   (new + resurrecting) / |dormant|: above 1 the active base grows
--period defaults to month; the all row sums the periods.
`;

export function lifecycleCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'lifecycle',
      summary: 'new, returning, resurrecting and dormant customers per period',
      description: 'Growth accounting of active customers: where each period\'s actives come from.',
      examples: EXAMPLES,
      details: DETAILS,
      events: true,
      options: () => {},
      job: (raw, common) => new LifecycleJob(eventMetricOptions(raw, common)),
    },
    terminal,
  );
}
