import type { Command } from 'commander';
import { StickinessJob } from '../../metrics/events/stickiness-job.js';
import { eventMetricOptions, metricCommand } from '../metric-command.js';
import type { Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage stickiness fixtures/orders.csv                   DAU/MAU and WAU/MAU per calendar month
  engage stickiness fixtures/orders.csv --tz Asia/Tokyo --group-by country
  engage stickiness fixtures/orders.csv --distribution    customers by number of active days in the month
`;

const DETAILS = `
  dau_mau           mean over the month's days of customers active that day / customers active in the month
  wau_mau           the same over the ISO weeks (Monday–Sunday) wholly inside the month
  mean_active_days  active days per customer of the month
Days and months are calendar ones in --tz. A month the data ends inside is partial:
only its days up to the end of the data are averaged.
`;

export function stickinessCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'stickiness',
      summary: 'DAU/MAU and WAU/MAU per month, and active days per customer',
      description: 'Stickiness: how many of a month\'s active customers are active on a given day or week.',
      examples: EXAMPLES,
      details: DETAILS,
      events: true,
      options: (command) => command.option('--distribution', 'the distribution of active days per customer instead of the ratios'),
      job: (raw, common) => {
        const { period: _period, ...options } = eventMetricOptions(raw, common);
        return new StickinessJob({ ...options, distribution: Boolean(raw.distribution) });
      },
    },
    terminal,
  );
}
