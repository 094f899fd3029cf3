import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { FunnelJob } from '../../metrics/events/funnel-job.js';
import { eventMetricOptions, metricCommand } from '../metric-command.js';
import type { Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage funnel fixtures/funnel.csv --steps view,cart,purchase --window 7d
  engage funnel fixtures/funnel.csv --steps view,purchase --window 24h --group-by channel
`;

const DETAILS = `
A customer's funnel starts at their first event of the first step; each later step
counts when it happens at or after the step before and within --window of the start.
  conversion_from_previous    customers at the step / customers at the step before
  conversion_from_first       customers at the step / customers who started
  median_hours_from_previous  median time from the step before, in hours
--window takes minutes, hours, days or weeks: 30m, 24h, 7d, 2w (default 30d).
`;

export function funnelCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'funnel',
      summary: 'ordered conversion funnel within a time window',
      description: 'Conversion through ordered steps (events) within a window from the first step.',
      examples: EXAMPLES,
      details: DETAILS,
      events: true,
      options: (command) =>
        command
          .requiredOption('--steps <a,b,c>', 'the events of the funnel, in order', (value: string) => {
            const steps = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
            if (steps.length < 2) throw new InvalidArgumentError('a funnel needs at least two steps, e.g. view,cart,purchase');
            return steps;
          })
          .option('--window <duration>', 'how long after the first step later steps count: 30m, 24h, 7d, 2w', '30d'),
      job: (raw, common) => new FunnelJob({ ...eventMetricOptions(raw, common), steps: raw.steps as string[], window: raw.window as string }),
    },
    terminal,
  );
}
