import { UsageError } from '../../errors.js';
import type { EventInput } from '../../schema/plans/events.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { measuredColumns, trendRequest, TrendOptions, type TrendRequest } from './options.js';
import { MAX_SERIES, TrendState } from './state.js';
import { trendSql } from './sql.js';
import { trendTable } from './table.js';

export const trend = defineMetric({
  name: 'trend',
  summary: 'events, customers, sums and means of events per period, and formulas over them',
  description: 'Series per period: how many events, how many customers, the sum or mean of a column, a formula across series, smoothed if asked.',
  rows: 'events',
  options: TrendOptions,
  sql: (options, context) => trendSql(options, checkedRequest(options), context),
  amountColumns: (options) => measuredColumns(checkedRequest(options).series),
  create: (options) => {
    const request = checkedRequest(options);
    const { series } = request;
    const measured = measuredColumns(series);
    const everyEvent = series.some((s) => s.event === undefined);
    const named = [...new Set(series.flatMap((s) => (s.event === undefined ? [] : [s.event])))];
    const plan = eventPlan(options, {
      selected: everyEvent ? (options.events.length > 0 ? options.events : 'all') : named,
      chosenBy: named.length > 0 ? '--series' : undefined,
      chosenNames: named,
      measures: measured.map((column) => {
        const using = series.filter((s) => s.column === column);
        return { column, flag: `--series ${using[0].given}`, blankNoted: using.some((s) => s.event === undefined) ? undefined : new Set(using.map((s) => s.event!)) };
      }),
    });
    const counted = series.map((s) => ({ event: s.event, kind: s.kind, measure: s.column === undefined ? -1 : measured.indexOf(s.column) }));
    const state = new Grouped<EventInput, TrendState>(() => new TrendState(counted), options.groupBy.length, false, plan.groupOrders);
    return job(plan, state, (grouped: typeof state) => trendTable(grouped, plan, options, request), { ...options });
  },
  examples: `Examples:
  engage trend fixtures/orders.csv                          events per month
  engage trend fixtures/orders.csv --series orders=purchase --series buyers=purchase:customers --series revenue=purchase:sum:amount --formula 'revenue / buyers'
  engage trend fixtures/orders.csv --period week --series visits=visit --series active='*:customers' --smooth 4
  engage trend fixtures/orders.csv --group-by country --series revenue=purchase:sum:amount --compare previous
`,
  details: `
--series NAME=EVENT[:how], repeatable (* is every event; without NAME= the series is named
after what it counts, e.g. purchase_customers):
  EVENT             rows of the event per period (events, the default)
  EVENT:customers   customers with the event in the period
  EVENT:sum:COL     Σ COL over its rows (0 without rows; blank cells add nothing)
  EVENT:mean:COL    mean COL over its rows with a value (undefined without one)
--formula 'a / b'   + - * / ( ), numbers and series names, on the unsmoothed series;
                    undefined where an operand is, or a divisor is 0
--smooth N          each column the mean of the N periods ending with the row; undefined
                    for the first N − 1 and wherever one of the N is
One row per period from the first to the last of the data (or --since/--until), empty
periods included; --group-by lists each value's periods, then the overall (all) ones.
--compare: counts and sums relative, means and the formula by difference.
`,
});

function checkedRequest(options: TrendOptions): TrendRequest {
  const request = trendRequest(options);
  if (request.series.length > MAX_SERIES) throw new UsageError(`engage trend takes up to ${MAX_SERIES} series, and ${request.series.length} were given`);
  if (options.events.length > 0) {
    const chosen = new Set(options.events.map((e) => e.trim().toLowerCase()));
    const outside = request.series.find((s) => s.event !== undefined && !chosen.has(s.event));
    if (outside !== undefined) throw new UsageError(`--series ${outside.given} counts ${outside.event}, which --event leaves out`, ['--event chooses the rows of the * series: leave it out, or add the event to it']);
    if (request.series.every((s) => s.event !== undefined)) throw new UsageError('--event chooses the rows of a * series, and every --series names its own event', ['leave out --event']);
  }
  return request;
}

export { TrendOptions };
