import { UsageError } from '../../errors.js';
import { eventPlan } from '../events/event-plan.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { PathsOptions } from './options.js';
import { EventLog } from '../events/event-log.js';
import { pathsSql } from './sql.js';
import { pathsTable } from './table.js';

export const paths = defineMetric({
  name: 'paths',
  summary: 'the most common paths after (or before) an event',
  description: "The most common sequences of events after (or before) each customer's first event of a kind.",
  rows: 'events',
  options: PathsOptions,
  refuses: {
    '--period': 'paths are counted over the whole range: use --since/--until to choose it',
    '--group-by': 'paths are counted over every customer: use --where to choose them',
    '--compare': 'paths have no periods to compare: run it twice with --since/--until',
  },
  sql: (options, context) => {
    assertAnchor(options);
    return pathsSql(options, context);
  },
  create: (options) => {
    assertAnchor(options);
    // Every event (or --event's) is a step of a path, the anchor among them.
    const plan = eventPlan({ ...options, groupBy: [] }, { selected: options.events.length > 0 ? options.events : 'all' });
    return job(plan, new EventLog(), (state: EventLog) => pathsTable(state, plan, options), options);
  },
  examples: `Examples:
  engage paths fixtures/orders.csv --after visit            what customers do after their first visit
  engage paths fixtures/funnel.csv --before purchase --depth 2
  engage paths fixtures/orders.csv --after visit --list 1 --csv      who took the most common path
`,
  details: `
Each customer's events in time order (the file's order among equal times), a run of one
name as one step (land, land, search → land, search). The anchor is their first event of
--after (or --before); the path is the --depth names after (before) it, shorter when
there are fewer, the anchor alone when there are none.
  share   customers on the path / customers with the anchor
The --top paths by customers (ties by their names), then "other": the shares sum to 1.
`,
});

function assertAnchor(options: PathsOptions): void {
  if ((options.after === undefined) === (options.before === undefined)) throw new UsageError('engage paths needs --after EVENT or --before EVENT (one of them)', ['e.g. --after signup']);
  if (options.list !== undefined && options.top !== 10) throw new UsageError('--top says how many paths the table lists: --list lists one path\'s customers', ['leave out --top']);
}

export { PathsOptions };
