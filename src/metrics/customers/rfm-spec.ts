import { job } from '../job.js';
import { rfmSql } from './sql.js';
import { defineMetric } from '../spec.js';
import { freqPeriods, observationEndDay, purchasePlan, RfmOptions } from './options.js';
import { PurchaseLog } from './purchases.js';
import { SEGMENT_MAP } from './rfm.js';
import { rfmTable } from './rfm-table.js';
import { summarize } from './summary.js';

const MAP_TEXT = Object.entries(SEGMENT_MAP)
  .sort(([a], [b]) => Number(b) - Number(a))
  .map(([r, row]) => `  R ${r}   ${row.map((segment) => segment.padEnd(19)).join('')}`.trimEnd())
  .join('\n');

export const rfm = defineMetric({
  name: 'rfm',
  summary: 'recency, frequency and monetary scores 1–5 and named segments of customers',
  description: 'RFM segments of the customers of an order log: who matters, who is slipping away.',
  rows: 'events',
  options: RfmOptions,
  refuses: {
    '--period': 'RFM scores each customer over the whole log up to --observation-end',
    '--group-by': 'the segments are the groups; filter with --where',
    '--freq': 'recency is in days and frequency counts orders',
  },
  sql: (options, context) => rfmSql(options, context),
  create: (options) => {
    // RFM counts days and orders: its summary is the daily one.
    const daily = { ...options, freq: 'day' as const };
    const plan = purchasePlan(daily);
    const [periods, endDay] = [freqPeriods(daily), observationEndDay(daily)];
    return job(plan, new PurchaseLog(), (log) => rfmTable(summarize(log, periods, endDay), plan, options.perCustomer, options.list), options);
  },
  examples: `Examples:
  engage rfm fixtures/cdnow_sample.csv --observation-end 1997-12-31          customers, revenue and means per segment
  engage rfm fixtures/orders.csv --per-customer --csv
  engage rfm fixtures/cdnow_sample.csv --observation-end 1997-12-31 --list "Cannot lose them"
`,
  details: `
  recency    days from a customer's last order to --observation-end (default: the day of the latest order)
  frequency  orders (one per order_id; purchase events by default)
  monetary   revenue (the sum of amounts)
Each is scored 1–5 over the customers: 1 + ⌊5 × customers with a worse value / customers⌋
(5 = most recent, most orders, most revenue; equal values, equal scores). The cell is
"RFM" (e.g. 545); the segment comes from R and FM, the mean of F and M rounded half up:
        FM 1               FM 2               FM 3               FM 4               FM 5
${MAP_TEXT}
`,
});

export { RfmOptions };
