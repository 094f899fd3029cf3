import type { Command } from 'commander';
import { RepeatJob } from '../../metrics/events/repeat-job.js';
import type { Terminal } from '../options.js';
import { eventMetricOptions, metricCommand } from '../metric-command.js';

const EXAMPLES = `Examples:
  engage repeat fixtures/orders.csv                       strict repeat purchase rate of all customers
  engage repeat fixtures/orders.csv --returning           Shopify's returning customer rate
  engage repeat fixtures/orders.csv --period month --group-by country
  engage repeat fixtures/orders.csv --since 2026-01-01 --until 2026-04-01 --json
  engage repeat fixtures/real/online_retail.csv.gz --where 'InvoiceNo!^=C' --where 'CustomerID!=' --map amount='Quantity*UnitPrice'
`;

const DETAILS = `
  repeat_rate     = customers with ≥ 2 orders in the window / customers with ≥ 1 order in it
  returning_rate  = customers of the window with > 1 order in the whole file / customers of the window
  orders          = rows of purchase events (event named purchase or order, or --event),
                    one per order_id where the file has one; every row when there is no event column

With --period, each period is its own window; the overall row is one window over all of them.
Days between orders are between a customer's consecutive orders inside the window.
`;

export function repeatCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'repeat',
      summary: 'repeat purchase rate (strict, or returning with --returning)',
      description: 'Repeat purchase rate of customers in an order or event log.',
      examples: EXAMPLES,
      details: DETAILS,
      events: true,
      options: (command) =>
        command.option('--returning', "Shopify's returning customer rate: ordered in the window and more than once in the whole file"),
      job: (raw, common) => new RepeatJob({ ...eventMetricOptions(raw, common), returning: Boolean(raw.returning) }),
    },
    terminal,
  );
}
