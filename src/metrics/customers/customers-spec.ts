import { job } from '../job.js';
import { customersSql } from './sql.js';
import { defineMetric } from '../spec.js';
import { customersTable } from './customers-table.js';
import { freqPeriods, observationEndDay, purchasePlan, CustomersOptions } from './options.js';
import { PurchaseLog } from './purchases.js';
import { summarize } from './summary.js';

export const customers = defineMetric({
  name: 'customers',
  summary: 'one row per customer: frequency, recency, T and monetary value (BTYD), orders and revenue',
  description: 'The per-customer summary of an order log that customer-value models start from.',
  rows: 'events',
  options: CustomersOptions,
  refuses: {
    '--period': 'a customer summary is one row per customer: --freq sets the unit of frequency, recency and T',
  },
  sql: (options, context) => customersSql(options, context),
  create: (options) => {
    const plan = purchasePlan(options);
    const periods = freqPeriods(options);
    const endDay = observationEndDay(options);
    return job(plan, new PurchaseLog(), (log) => customersTable(summarize(log, periods, endDay), plan, periods), options);
  },
  examples: `Examples:
  engage customers fixtures/orders.csv                      one row per customer, in days
  engage customers fixtures/orders.csv --freq week --observation-end 2026-03-31
  engage customers fixtures/cdnow_sample.csv --observation-end 1997-09-30 --where 'customer_id<=5' --csv
`,
  details: `
The conventions of the BTYD models (Fader, Hardie and Lee) and of lifetimes'
summary_data_from_transaction_data:
  purchases in one --freq period (day, week Monday–Sunday, month) are one purchase, amounts summed
  frequency       = purchase periods after the first
  recency         = periods from the first purchase to the last
  T               = periods from the first purchase to the observation end
  monetary_value  = mean amount of the repeat purchases (the first left out); 0 without one
--observation-end is the last day observed, included (default: the day of the latest purchase);
purchases after it are left out, and so are customers who first bought after it.
Orders are purchase events (named purchase or order, or --event), one per order_id.
`,
});

export { CustomersOptions };
