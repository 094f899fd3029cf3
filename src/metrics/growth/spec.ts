import { AccountPlan } from '../../schema/plans/accounts.js';
import { growthSql } from './sql.js';
import { Grouped } from '../grouped.js';
import { companion, job } from '../job.js';
import { UsageError } from '../../errors.js';
import { PostPlan } from '../../schema/plans/posts.js';
import { PostList } from '../rate/post-list.js';
import { defineMetric } from '../spec.js';
import { GrowthOptions } from './options.js';
import { AccountDays } from './state.js';
import { growthTable } from './table.js';

/** The posts file (or, with --db, table) that --posts names: read beside the account file by every engine. */
function postsTables(options: GrowthOptions): { option: string; rows: 'posts'; source: string }[] {
  return options.posts === undefined ? [] : [{ option: '--posts', rows: 'posts', source: options.posts }];
}

export const growth = defineMetric({
  name: 'growth',
  summary: 'follower growth per period and platform: followers, gained, lost, net change, growth rate',
  description: "Follower growth of an account, from its daily export (followers, or followers gained and lost each day).",
  rows: 'accounts',
  options: GrowthOptions,
  sql: (options, context) => growthSql(options, context),
  companionTables: postsTables,
  create: (options) => {
    const plan = new AccountPlan(options);
    // A platform column makes each platform an account of its own.
    const state = new Grouped(() => new AccountDays(), 1, false);
    const [postsTable] = postsTables(options);
    if (postsTable === undefined) {
      if (options.interactions !== undefined) throw new UsageError('--interactions chooses what counts in the posts of --posts: add --posts FILE', ['engage growth fixtures/exports/account_daily.csv --posts fixtures/exports/account_posts.csv --interactions likes,comments']);
      return job(plan, state, (grouped: typeof state) => growthTable(grouped, plan), { ...options });
    }
    if (postsTable.source === '-') throw new UsageError('--posts reads a file, not stdin');
    const { period, tz, weekStart, dateFormat, year, since, until, interactions } = options;
    const posts = { file: postsTable.source, list: new PostList() };
    const postPlan = new PostPlan({ period, tz, weekStart, dateFormat, year, since, until, interactions, groupBy: [], listing: true, timed: true, accountBasis: true });
    const growth = job(plan, state, (grouped: typeof state) => growthTable(grouped, plan, posts), { ...options });
    return { ...growth, companions: [companion(postsTable.option, [postsTable.source], postPlan, posts.list)] };
  },
  examples: `Examples:
  engage growth fixtures/exports/account_daily.csv           followers per month and platform
  engage growth fixtures/exports/account_daily.csv --period week --until 2026-03-09
  engage growth fixtures/exports/account_daily.csv --posts fixtures/exports/account_posts.csv
`,
  details: `
One row per day of an account: followers at the day's end, or followers gained and lost
that day (the legacy Facebook Insights page export's Daily New Likes and Daily Unlikes,
X's account daily "follows", YouTube Studio's Subscribers gained and lost, TikTok Studio's
FollowerHistory.csv, Meta Business Suite's "Facebook follows" and "Instagram follows"
exports: sep=, a title line, then "Date","Primary"). TikTok writes dates without a year:
--year 2025, or the export's range when it crosses a new year (--year 2025-02-28..2026-02-27).
  followers     the count of the period's latest day with one
  net_change    followers − the period before's followers (without a followers column:
                gained − lost)
  growth_rate   net_change / the period before's followers
A first period, or one after a period without rows, has no change.

--posts FILE: a posts export of the same account(s). Each post is rated by the
followers of its day in --tz (else the latest earlier day with a count), matched
by platform (case aside; one account matches posts without a platform):
  posts, interactions, pooled_rate = Σ interactions / Σ followers at posting time,
  mean_rate and median_rate of the posts' rates, per period and platform.
Posts from before the account's first count, or of a platform the account file
has no rows of, are left out and counted in a note.
`,
});

export { GrowthOptions };
