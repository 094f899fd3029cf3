import { stickinessSql } from './sql.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { StickinessOptions } from './options.js';
import { DailyActivity, stickinessTable } from './table.js';

// No --period: stickiness is defined per calendar month, over its days and weeks.
export const stickiness = defineMetric({
  name: 'stickiness',
  summary: 'DAU/MAU and WAU/MAU per month, and active days per customer',
  description: "Stickiness: how many of a month's active customers are active on a given day or week.",
  rows: 'events',
  options: StickinessOptions,
  refuses: { '--period': 'stickiness is per calendar month, from its days and weeks (--since/--until choose the months)' },
  sql: (options, context) => stickinessSql(options, context),
  create: (options) => {
    // Days are the periods read; months and weeks are made from them.
    const plan = eventPlan({ period: 'day', ...options });
    return job(plan, new Grouped(() => new DailyActivity(), options.groupBy.length, false), (state) => stickinessTable(state, plan, options), { period: 'day', ...options });
  },
  examples: `Examples:
  engage stickiness fixtures/orders.csv                   DAU/MAU and WAU/MAU per calendar month
  engage stickiness fixtures/orders.csv --tz Asia/Tokyo --group-by country
  engage stickiness fixtures/orders.csv --distribution    customers by number of active days in the month
`,
  details: `
  dau_mau           mean over the month's days of customers active that day / customers active in the month
  wau_mau           the same over the ISO weeks (Monday–Sunday) wholly inside the month
  mean_active_days  active days per customer of the month
Days and months are calendar ones in --tz. A month the data ends inside is partial:
only its days up to the end of the data are averaged.
`,
});

export { StickinessOptions };
