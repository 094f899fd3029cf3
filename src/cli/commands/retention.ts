import type { Command } from 'commander';
import { RetentionJob } from '../../metrics/events/retention-job.js';
import { collect, type Terminal } from '../options.js';
import { eventMetricOptions, metricCommand } from '../metric-command.js';

const EXAMPLES = `Examples:
  engage retention fixtures/orders.csv                    monthly cohort triangle, shares
  engage retention fixtures/orders.csv --unbounded        "on or after" retention
  engage retention fixtures/orders.csv --counts --csv     customer counts, one row per cohort
  engage retention fixtures/orders.csv --period week --start-event signup --return-event purchase
`;

const DETAILS = `
  cohort          = period of a customer's first start event (--start-event; default any event)
  offset_k        = share of the cohort active (--return-event) in period cohort+k;
                    with --unbounded: active in cohort+k or any later period
  partial_offset  = the offset whose period has not ended yet (marked * in tables)
  all row         = Σ retained / Σ cohort sizes over cohorts whose cell is complete

--period defaults to month. Cells past the end of the data are empty.
`;



export function retentionCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'retention',
      summary: 'cohort retention triangle by first-activity period',
      description: 'Cohort retention: of the customers who started in a period, how many came back in each later one.',
      examples: EXAMPLES,
      details: DETAILS,
      events: true,
      options: (command) =>
        command
          .option('--unbounded', 'count a customer as retained at offset k when active in cohort+k or later')
          .option('--start-event <name>', 'events that put a customer in a cohort (repeatable)', collect, [])
          .option('--return-event <name>', 'events that count as coming back (repeatable)', collect, [])
          .option('--counts', 'customer counts instead of shares'),
      job: (raw, common) =>
        new RetentionJob({
          ...eventMetricOptions(raw, common),
          unbounded: Boolean(raw.unbounded),
          counts: Boolean(raw.counts),
          startEvents: raw.startEvent as string[],
          returnEvents: raw.returnEvent as string[],
        }),
    },
    terminal,
  );
}
