import { UsageError } from '../../errors.js';
import { driversSql } from './sql.js';
import { eventPlan } from '../events/event-plan.js';
import { job } from '../job.js';
import { EventLog } from '../events/event-log.js';
import { defineMetric } from '../spec.js';
import { DriversOptions } from './options.js';
import { driversSetup } from './outcome.js';
import { driversFromSql, driversTable } from './table.js';

export const drivers = defineMetric({
  name: 'drivers',
  summary: 'which early actions go with customers who stay or convert: lift, odds ratio, phi, the magic number',
  description: "For each event and each count 1 … --max-count in a customer's first days, the customers who reached it and who did not, and how often each had the outcome.",
  rows: 'events',
  options: DriversOptions,
  refuses: {
    '--period': 'drivers are measured over every customer: use --since/--until to choose them',
    '--group-by': 'drivers are measured over every customer: use --where to choose them',
    '--compare': 'drivers have no periods to compare: run it twice with --since/--until',
  },
  // The engines count; engage finishes the odds ratios, intervals, phi and magic numbers.
  sql: (options, context) => driversSql(options, context),
  tableFromSql: (skeleton, _names, rows, options) => {
    const result = driversFromSql(rows, options, options.tz);
    return { table: { ...skeleton, rows: result.table.rows }, notes: result.notes };
  },
  create: (options) => {
    if (options.list !== undefined && options.minShare !== undefined) throw new UsageError('--min-share has nothing to act on with --list: it chooses the magic numbers of the table, and --list prints customers', ['leave out --min-share']);
    if (options.weekStart !== 'monday') throw new UsageError('--week-start has nothing to act on: drivers count days from each customer\'s first, not weeks', ['leave out --week-start']);
    if (options.events.length > 0) throw new UsageError('--event has nothing to act on: drivers read every event (a customer starts at their first of any name)', ['choose the events to test with --candidates a,b,c']);
    // The outcome and its options are read, and checked, before any row is.
    const setup = driversSetup(options);
    const plan = eventPlan({ ...options, groupBy: [] }, { selected: 'all' });
    return job(plan, new EventLog(), (state: EventLog) => driversTable(state, plan, options, setup), options);
  },
  examples: `Examples:
  engage drivers fixtures/onboarding-events.csv --outcome converted:purchase
  engage drivers fixtures/orders.csv --outcome retained:purchase@14..60 --max-count 3
  engage drivers fixtures/funnel.csv --outcome funnel-step:3 --steps view,cart,purchase --window 7d
`,
  details: `
Per candidate event and threshold t (1 … --max-count), with a = reached and outcome yes,
b = reached and no, c = not reached and yes, d = not reached and no:
  rate_did = a / (a + b)     rate_not = c / (c + d)     lift = rate_did / rate_not
  odds_ratio = (a+1)(d+1) / ((b+1)(c+1))  (PostHog's prior count of 1), 95 % interval
  exp(ln OR ± 1.96 √(1/(a+1) + 1/(b+1) + 1/(c+1) + 1/(d+1)))
  phi = (ad − bc) / √((a+b)(c+d)(a+c)(b+d))     share = (a + b) / customers
The magic number of an event: its threshold of highest phi among those covering at
least --min-share of customers.
Outcomes (days are calendar days in --tz, day 0 the day of the customer's first event):
  retained:EVENT@D..E   EVENT on one of days D … E (* for any event); customers whose day E
                        is not over when the data ends are left out and counted
  converted:EVENT       EVENT at any time; only actions before it count
  funnel-step:N         with --steps a,b,c and --window: step N reached as engage funnel
                        counts it, from the first step; --within is exact from there and
                        defaults to the --window; the steps are no candidates
`,
});

export { DriversOptions };
