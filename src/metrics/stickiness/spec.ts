import { stickinessSql } from './sql.js';
import type { EventInput } from '../../schema/plans/events.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { UsageError } from '../../errors.js';
import { meetsCriteria, StickinessOptions } from './options.js';
import { rollingTable } from './rolling.js';
import { DailyActivity, DailyCounts, stickinessTable, type ActivityOf } from './table.js';

// Stickiness is defined per calendar month, over its days and weeks; --period says how
// --distribution counts active days (week, month or the whole range).
export const stickiness = defineMetric({
  name: 'stickiness',
  summary: 'DAU/MAU and WAU/MAU per month, and active days per customer',
  description: "Stickiness: how many of a month's active customers are active on a given day or week.",
  rows: 'events',
  options: StickinessOptions,
  sql: (options, context) => {
    assertOptionsAct(options);
    return stickinessSql(options, context);
  },
  create: (options) => {
    assertOptionsAct(options);
    // Days are the periods read; weeks, months and windows are made from them.
    // No figure depends on a row's event name, but through --event.
    const plan = eventPlan({ ...options, period: 'day' }, { namesRead: false });
    // --criteria counts each customer's events a day; else a day's actives are a bitset.
    const meets = meetsCriteria(options.criteria);
    const state = new Grouped<EventInput, DailyActivity | DailyCounts>(() => (options.criteria === undefined ? new DailyActivity() : new DailyCounts()), options.groupBy.length, false, plan.groupOrders);
    const activityOf: ActivityOf = (s) => (s instanceof DailyCounts ? s.active(meets) : s);
    const table = (grouped: typeof state) => (options.rolling ? rollingTable(grouped, plan, options, activityOf) : stickinessTable(grouped, plan, options, activityOf));
    return job(plan, state, table, { ...options });
  },
  examples: `Examples:
  engage stickiness fixtures/orders.csv                   DAU/MAU and WAU/MAU per calendar month
  engage stickiness fixtures/orders.csv --tz Asia/Tokyo --group-by country
  engage stickiness fixtures/orders.csv --distribution    customers by number of active days in the month
  engage stickiness fixtures/orders.csv --rolling 7,28 --since 2026-02-01 --until 2026-02-11
  engage stickiness fixtures/orders.csv --distribution --period range --cumulative --criteria '>=2'
`,
  details: `
  dau_mau           mean over the month's days of customers active that day / customers active in the month
  wau_mau           the same over the ISO weeks (Monday–Sunday) wholly inside the month
  mean_active_days  active days per customer of the month
Days and months are calendar ones in --tz. A month the data ends inside is partial:
only its days up to the end of the data are averaged.
  --rolling 7,28    one row per day: active_1d, active_7d, active_28d (customers active on one
                    of the trailing n days) and their ratios (ratio_1d_7d is DAU/WAU); a day
                    whose longest window starts before the range is incomplete
  --distribution    --period week|month|range: active days per week, month or the whole range;
                    --cumulative: customers active on n days or more
  --criteria '>=3'  a customer is active on a day only with that many events that day
`,
});

/** An option with nothing to act on in the table asked for is an error. */
function assertOptionsAct(options: StickinessOptions): void {
  if (!options.distribution) {
    for (const [given, flag] of [[options.period !== undefined, '--period'], [options.cumulative, '--cumulative']] as const) {
      if (given) throw new UsageError(`${flag} says how --distribution counts active days`, [`add --distribution, or leave out ${flag}`]);
    }
  }
  if (options.rolling && options.distribution) throw new UsageError('--rolling and --distribution are two tables: ask for one at a time');
  if (options.rolling && options.compare) throw new UsageError('--rolling has a row per day, no period to compare', ['leave out --compare']);
}

export { StickinessOptions };
