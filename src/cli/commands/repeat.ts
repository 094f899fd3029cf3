import { Command } from 'commander';
import { RepeatJob } from '../../metrics/events/repeat-job.js';
import { addEventOptions, addInputOptions, addOutputOptions, addPeriodOptions, commonOptions, inputFiles, type Terminal } from '../options.js';
import { runJob } from '../run.js';

const USAGE = 'engage repeat [options] [files...]';

const EXAMPLES = `Examples:
  engage repeat fixtures/orders.csv                       strict repeat purchase rate of all customers
  engage repeat fixtures/orders.csv --returning           Shopify's returning customer rate
  engage repeat fixtures/orders.csv --period month --group-by country
  engage repeat fixtures/orders.csv --since 2026-01-01 --until 2026-04-01 --json
  engage repeat fixtures/real/online_retail.csv.gz --where 'InvoiceNo!^=C' --where 'CustomerID!='
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
  const command = new Command('repeat')
    .summary('repeat purchase rate (strict, or returning with --returning)')
    .description('Repeat purchase rate of customers in an order or event log.')
    .argument('[files...]', 'CSV, JSON or NDJSON event logs, optionally .gz; "-" or none reads stdin')
    .option('--returning', "Shopify's returning customer rate: ordered in the window and more than once in the whole file");
  addEventOptions(command);
  addPeriodOptions(command);
  addInputOptions(command);
  addOutputOptions(command);
  command.usage('[options] [files...]');
  command.addHelpText('before', EXAMPLES);
  command.addHelpText('after', DETAILS);
  command.action(async (files: string[], raw: Record<string, unknown>) => {
    const common = commonOptions(raw, Boolean(terminal.stdout.isTTY));
    const job = new RepeatJob({ ...eventOptions(raw, common), returning: Boolean(raw.returning) });
    await runJob('repeat', job, inputFiles(files, terminal, USAGE), common, terminal);
  });
  return command;
}

/** The event options as the library takes them, from commander's parsed flags. */
export function eventOptions(raw: Record<string, unknown>, common: { map: string[]; skipInvalid: boolean }) {
  return {
    period: raw.period as never,
    tz: raw.tz as string,
    dateFormat: raw.dateFormat as string | undefined,
    weekStart: raw.weekStart as never,
    since: raw.since as string | undefined,
    until: raw.until as string | undefined,
    groupBy: raw.groupBy as string[],
    events: raw.event as string[],
    where: raw.where as string[],
    map: common.map,
    skipInvalid: common.skipInvalid,
  };
}
