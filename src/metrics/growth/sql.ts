import { groupLabel } from '../../sql/keyed-sql.js';
import { labelOrder, sqlName } from '../../sql/dialect.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import type { SqlContext } from '../../sql/sql-context.js';
import type { GrowthOptions } from './options.js';
import { postInteractionsSql } from '../rate/post-rows-sql.js';

// engage growth as SQL (social.md "Follower growth"; table.ts is the
// streaming form): each day of an account in --tz, its followers the latest
// row's count; each period's followers the latest day's with a count, its
// gains and losses the days' sums; every period from an account's first to
// its last, the change against the period just before; a platform's all row
// last. A row is a day: the data reaches the end of its latest day.

export function growthSql(options: GrowthOptions, context: SqlContext): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const has = { platform: context.has('platform'), followers: context.has('followers'), gained: context.has('followers_gained'), lost: context.has('followers_lost') };
  if (!has.followers && !has.gained && !has.lost) {
    throw context.unnamed('no follower counts', 'name followers, followers_gained or followers_lost with --columns or --map');
  }
  const ts = context.column('date');
  const count = (name: string, present: boolean) => (present ? d.double(context.column(name)) : d.double('NULL'));
  const where = [`${ts} IS NOT NULL`];
  if (Number.isFinite(since)) where.push(`${ts} >= ${d.instantLiteral(since)}`);
  if (Number.isFinite(until)) where.push(`${ts} < ${d.instantLiteral(until)}`);
  const local = d.local(ts, options.tz);
  const day = d.trunc('day', local, options.tz);
  const steps = [
    `account_rows AS (
  SELECT ${has.platform ? groupLabel(d, context.column('platform')) : "''"} AS g1, ${ts} AS ts, ${day} AS day, ${periods.start(ts)} AS period_start,
         ${count('followers', has.followers)} AS followers, ${count('followers_gained', has.gained)} AS gained, ${count('followers_lost', has.lost)} AS lost,
         ${d.rowNumber([ts])} AS rn
  FROM ${context.table}
  WHERE ${where.join(' AND ')}
)`,
    // A day's count is its latest row's with one (a later row of the same time wins).
    `account_days AS (
  SELECT g1, day, period_start, ${d.latest('followers', ['ts', 'rn'], 'followers IS NOT NULL')} AS followers, sum(gained) AS gained, sum(lost) AS lost
  FROM account_rows
  GROUP BY g1, day, period_start
)`,
    `by_period AS (
  SELECT g1, period_start, CAST(count(*) AS INTEGER) AS days, ${d.latest('followers', ['day'], 'followers IS NOT NULL')} AS followers,
         coalesce(sum(gained), 0) AS gained, coalesce(sum(lost), 0) AS lost
  FROM account_days
  GROUP BY g1, period_start
)`,
    ...(options.posts === undefined ? [] : postingSteps(options, context, has.platform)),
    // An account's periods reach its posts' too (a post after its last day is rated by that day's count).
    `account_span AS (
  SELECT g1, min(period_start) AS first_start, max(period_start) AS last_start
  FROM (SELECT g1, period_start FROM by_period${options.posts === undefined ? '' : '\n        UNION ALL SELECT g1, period_start FROM post_followers'}) spans
  GROUP BY g1
)`,
    // Every period from an account's first to its last: one without rows has no change after it.
    `every_period AS (
  SELECT account_span.g1, series.period_start
  FROM account_span CROSS JOIN ${periods.series('(SELECT min(first_start) FROM account_span)', '(SELECT max(last_start) FROM account_span)', 'period_start')}
  WHERE series.period_start >= account_span.first_start AND series.period_start <= account_span.last_start
)`,
    `filled AS (
  SELECT every_period.g1, every_period.period_start, coalesce(by_period.days, 0) AS days, by_period.followers,
         coalesce(by_period.gained, 0) AS gained, coalesce(by_period.lost, 0) AS lost,
         lag(by_period.followers) OVER (PARTITION BY every_period.g1 ORDER BY every_period.period_start) AS before
  FROM every_period LEFT JOIN by_period ON by_period.g1 = every_period.g1 AND by_period.period_start = every_period.period_start
)`,
    // Rows are days: the data reaches the end of the latest one (or --until).
    `data_end AS (
  SELECT ${Number.isFinite(until) ? `${d.instantLiteral(until)} AS at` : `${d.instant(`(max(day) + ${d.interval(1, 'day')})`, options.tz)} AS at FROM account_rows`}
)`,
    `flagged AS (
  SELECT filled.*, ${periods.partial('period_start', since)} AS partial FROM filled CROSS JOIN data_end
)`,
    // Each account's all row: the days, gains and losses of its complete periods; its latest followers count.
    `account_all AS (
  SELECT g1, CAST(sum(CASE WHEN partial THEN 0 ELSE days END) AS INTEGER) AS days, ${d.latest('followers', ['period_start'], 'followers IS NOT NULL')} AS followers,
         sum(CASE WHEN partial THEN 0 ELSE gained END) AS gained, sum(CASE WHEN partial THEN 0 ELSE lost END) AS lost
  FROM flagged
  GROUP BY g1
)`,
    `growth_rows AS (
  SELECT 0 AS is_all, g1, period_start, partial, days, followers, gained, lost,
         ${has.followers ? 'CASE WHEN followers IS NOT NULL AND before IS NOT NULL THEN followers - before END' : has.gained && has.lost ? 'gained - lost' : d.double('NULL')} AS net_change,
         ${has.followers ? `CASE WHEN followers IS NOT NULL AND before > 0 THEN ${d.double('followers - before')} / before END` : d.double('NULL')} AS growth_rate
  FROM flagged
  UNION ALL
  SELECT 1, g1, NULL, false, days, followers, gained, lost, NULL, NULL FROM account_all
)`,
  ];
  const rated = options.posts !== undefined;
  const columns = [
    `CASE WHEN is_all = 1 THEN 'all' ELSE ${periods.label('period_start')} END AS period`,
    'partial',
    ...(has.platform ? [`g1 AS ${sqlName('platform')}`] : []),
    'days',
    ...(has.followers ? ['followers'] : []),
    ...(has.gained ? ['gained'] : []),
    ...(has.lost ? ['lost'] : []),
    'net_change',
    'growth_rate',
    ...(rated ? ['coalesce(r.posts, 0) AS posts', 'coalesce(r.post_interactions, 0) AS interactions', 'r.pooled_rate', 'r.mean_rate', 'r.median_rate'] : []),
  ];
  // Each period's posts beside it, and each account's all row beside its all row.
  const from = rated ? 'growth_rows LEFT JOIN post_rates r ON r.rate_g1 = g1 AND r.rate_is_all = is_all AND (r.rate_is_all = 1 OR r.rate_start = period_start)' : 'growth_rows';
  return `WITH ${steps.join(',\n')}
SELECT ${columns.join(',\n       ')}
FROM ${from}
ORDER BY ${[...labelOrder(d, 'g1'), 'is_all', 'period_start'].join(', ')}`;
}

/**
 * --posts: each post of the posts table with its account (its platform's, case aside; the one
 * account, when there is one), rated by the followers of the latest day at or before its day in
 * --tz; the rates of each period's posts and of all of an account's posts (post_rates).
 */
function postingSteps(options: GrowthOptions, context: SqlContext, platformed: boolean): string[] {
  const d = context.dialect;
  const posts = context.companion('--posts');
  if (posts === undefined) throw new NoSqlForm('--posts in a printed statement (the engines read the posts table\'s columns: --engine or --db)');
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const { interactionSum, where } = postInteractionsSql(options, posts, true);
  const ts = posts.column('published_at');
  if (Number.isFinite(since)) where.push(`${ts} >= ${d.instantLiteral(since)}`);
  if (Number.isFinite(until)) where.push(`${ts} < ${d.instantLiteral(until)}`);
  const platform = posts.has('platform') ? `trim(${d.text(posts.column('platform'))})` : 'NULL';
  const rate = `${d.double('interactions')} / followers`;
  // Which account a post is of; what would need a guess stops the statement.
  const accounts = '(SELECT DISTINCT g1 FROM account_days) a';
  const account = !platformed
    ? {
        join: `CROSS JOIN ${accounts}`,
        refuse: d.refuse(`(SELECT count(DISTINCT lower(post_platform)) FROM post_rows) > 1`, "'engage: the posts are of several platforms and the account table is of one account, with no platform column'"),
      }
    : posts.has('platform')
      ? { join: `JOIN ${accounts} ON lower(a.g1) = lower(p.post_platform)`, refuse: undefined }
      : {
          join: `CROSS JOIN ${accounts}`,
          refuse: d.refuse(`(SELECT count(DISTINCT g1) FROM account_days) > 1`, "'engage: the posts have no platform column and the account table has several platforms'"),
        };
  const rates = (keys: string, groupBy: string) => `SELECT ${keys}, CAST(count(*) AS INTEGER) AS posts,
         coalesce(sum(CASE WHEN followers > 0 THEN interactions END), 0) AS post_interactions,
         CASE WHEN sum(CASE WHEN followers > 0 THEN followers END) > 0 THEN ${d.double('sum(CASE WHEN followers > 0 THEN interactions END)')} / sum(CASE WHEN followers > 0 THEN followers END) END AS pooled_rate,
         ${d.mean(`CASE WHEN followers > 0 THEN ${rate} END`)} AS mean_rate,
         ${d.percentile(rate, 0.5)} FILTER (WHERE followers > 0) AS median_rate
  FROM post_followers
  GROUP BY ${groupBy}`;
  return [
    `post_rows AS (
  SELECT ${d.rowNumber([ts, interactionSum])} AS post_id, ${platform} AS post_platform, ${ts} AS post_ts,
         ${d.trunc('day', d.local(ts, options.tz), options.tz)} AS post_day, ${periods.start(ts)} AS period_start, ${interactionSum} AS interactions
  FROM ${posts.table}
  WHERE ${where.join(' AND ')}
)`,
    `post_accounts AS (
  SELECT p.*, a.g1 FROM post_rows p ${account.join}${account.refuse === undefined ? '' : `\n  WHERE ${account.refuse}`}
)`,
    // The count of the post's day, else of the latest earlier day with one: none before the account's first.
    `post_followers AS (
  SELECT * FROM (
    SELECT p.post_id, p.g1, p.period_start, p.interactions, ${d.latest('a.followers', ['a.day'], 'a.followers IS NOT NULL')} AS followers
    FROM post_accounts p JOIN account_days a ON a.g1 = p.g1
    WHERE a.day <= p.post_day
    GROUP BY p.post_id, p.g1, p.period_start, p.interactions
  ) counted_posts
  WHERE followers IS NOT NULL
)`,
    `post_rates AS (
  ${rates('0 AS rate_is_all, g1 AS rate_g1, period_start AS rate_start', 'g1, period_start')}
  UNION ALL
  ${rates('1 AS rate_is_all, g1 AS rate_g1, NULL AS rate_start', 'g1')}
)`,
  ];
}
