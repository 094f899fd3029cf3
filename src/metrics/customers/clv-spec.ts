import { z } from 'zod';
import { job } from '../job.js';
import { option } from '../options.js';
import { defineMetric } from '../spec.js';
import { clvFromSummaryRows, clvTable } from './clv-table.js';
import { customersSql } from './sql.js';
import { customerOptions, freqPeriods, observationEndDay, purchasePlan } from './options.js';
import { PurchaseLog } from './purchases.js';
import { summarize } from './summary.js';

/** One year in each --freq unit: the default horizon. */
const YEAR_IN = { day: 365, week: 52, month: 12 } as const;

export const ClvOptions = z.strictObject({
  ...customerOptions,
  horizon: option(z.number().int().min(1).max(3650).optional(), { flag: '--horizon <units>', help: 'how far ahead, in --freq units (default: a year: 365 days, 52 weeks or 12 months)' }),
  discount: option(z.number().min(0).max(1).default(0), { flag: '--discount <rate>', help: 'discount rate per --freq unit, e.g. 0.01 (default 0)' }),
  params: option(z.boolean().default(false), { flag: '--params', help: 'print the fitted parameters and log-likelihoods instead of the customers' }),
});
export type ClvOptions = z.output<typeof ClvOptions>;

function settingsOf(options: ClvOptions) {
  return { unit: options.freq, horizon: options.horizon ?? YEAR_IN[options.freq], discount: options.discount, params: options.params };
}

export const clv = defineMetric({
  name: 'clv',
  summary: 'customer lifetime value: BG/NBD and Gamma-Gamma fitted to an order log',
  description: 'P(alive), expected purchases and spend, and CLV per customer, from models fitted by maximum likelihood.',
  rows: 'events',
  options: ClvOptions,
  refuses: {
    '--period': 'the models see each customer over the whole log: --freq sets their time unit',
    '--group-by': 'one fit over all customers; filter with --where to fit a segment',
  },
  create: (options) => {
    const plan = purchasePlan(options);
    const periods = freqPeriods(options);
    const endDay = observationEndDay(options);
    return job(plan, new PurchaseLog(), (log) => clvTable(summarize(log, periods, endDay), plan, settingsOf(options)), options);
  },
  // Through an SQL engine, the engine computes the customer summary and engage fits the models to it.
  sql: (options, context) => customersSql(options, context),
  tableFromSql: (_skeleton, names, rows, options) => clvFromSummaryRows(names, rows, settingsOf(options)),
  sqlIsModelInput: 'its models are fitted in engage, not in SQL: engage sql customers prints the summary they are fitted to (--engine duckdb and --db compute it there, and engage fits the models)',
  examples: `Examples:
  engage clv fixtures/cdnow_sample.csv --observation-end 1997-09-30 --params
  engage clv fixtures/cdnow_sample.csv --observation-end 1997-09-30 --freq week --horizon 52 --discount 0.01 --csv
`,
  details: `
BG/NBD (Fader, Hardie and Lee 2005): while alive, a customer buys at a Poisson rate
(gamma across customers, r and α); after each purchase, they leave with a probability
(beta across customers, a and b). Fitted on frequency, recency and T (engage customers).
  p_alive             = 1 / (1 + [x>0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
  expected_purchases  = the paper's conditional expectation over the next --horizon units
Gamma-Gamma (Fader, Hardie and Lee 2005, "RFM and CLV"): a customer's spend per purchase
varies around their own mean (gamma, p), which varies across customers (gamma, q and v);
fitted on the repeat customers' mean spend. It assumes spend does not depend on
frequency: the correlation of the two is printed, with a warning from |ρ| ≥ 0.3.
  expected_spend      = p·(v + x·m) / (p·x + q − 1)
  clv                 = Σ over units i ≤ horizon of (purchases by i − by i−1) × expected_spend / (1 + discount)^i
`,
});
