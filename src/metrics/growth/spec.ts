import { AccountPlan } from '../../schema/plans/accounts.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { GrowthOptions } from './options.js';
import { AccountDays } from './state.js';
import { growthTable } from './table.js';

export const growth = defineMetric({
  name: 'growth',
  summary: 'follower growth per period and platform: followers, gained, lost, net change, growth rate',
  description: "Follower growth of an account, from its daily export (followers, or followers gained and lost each day).",
  rows: 'accounts',
  options: GrowthOptions,
  sql: () => {
    throw new NoSqlForm('engage growth');
  },
  create: (options) => {
    const plan = new AccountPlan(options);
    // A platform column makes each platform an account of its own.
    const state = new Grouped(() => new AccountDays(), 1, false);
    return job(plan, state, (grouped: typeof state) => growthTable(grouped, plan), { ...options });
  },
  examples: `Examples:
  engage growth fixtures/exports/account_daily.csv           followers per month and platform
  engage growth fixtures/exports/account_daily.csv --period week --until 2026-03-09
`,
  details: `
One row per day of an account: followers at the day's end, or followers gained and lost
that day (the legacy Facebook Insights page export's Daily New Likes and Daily Unlikes,
X's account daily "follows", YouTube Studio's Subscribers gained and lost).
  followers     the count of the period's latest day with one
  net_change    followers − the period before's followers (without a followers column:
                gained − lost)
  growth_rate   net_change / the period before's followers
A first period, or one after a period without rows, has no change.
`,
});

export { GrowthOptions };
