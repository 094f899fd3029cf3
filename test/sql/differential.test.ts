import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlStatement } from '../../src/engines/sql/sql-form.js';
import { SqlContext } from '../../src/sql/sql-context.js';
import { describerOf } from '../../src/orchestrator/describer.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { rowKindOf } from '../../src/metrics/spec.js';
import { sumsColumnNames } from '../../src/metrics/experiment/sql.js';
import type { Cell } from '../../src/metrics/types.js';
import { computeDocument } from '../../src/orchestrator/compute-document.js';
import { engage } from '../helpers/cli.js';
import { failure } from '../helpers/rate.js';
import { DuckDb, expectSameTable, maxOffsetFor, streamed, tableOf, widened, type Case, type Rows } from '../helpers/sql-engines.js';
import { expectSqlFormAgrees, finished, inEngineOrder, RETAIL_CASES, TEST_RUNNER, threeEngines } from '../helpers/differential.js';

// The same definitions on three engines: each metric's SQL form, run by
// DuckDB and by PostgreSQL (PGlite) on a fixture loaded as a typed table,
// must give the table the streaming engine computes from the file, row for
// row, figures to 1e-9 relative.

const open = threeEngines();
const engines = open.engines;

/** The purchase dates of 5,000 customers shipped with the Python library lifetimes (MIT), from ../shared when it is there. */
const LIFETIMES = '../shared/datasets/lifetimes/example_transactions.csv';

/** The Facebook page's 500 posts (Moro et al. 2016), from ../shared when it is there. */
const FACEBOOK = '../shared/datasets/facebook_metrics/dataset_Facebook.csv';


const CASES: Case[] = [
  { metric: 'nps', file: 'fixtures/answers.csv', options: {} },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['store'], period: 'month', tz: 'Asia/Tokyo' } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['channel', 'store'] } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { period: 'week', weekStart: 'sunday', tz: 'America/New_York' } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { period: 'day', since: '2026-02-01', until: '2026-03-01 12:00' } },
  { metric: 'csat', file: 'fixtures/ratings.csv', options: { period: 'quarter', map: ['responded_at=closed_at'] } },
  { metric: 'csat', file: 'fixtures/ratings.csv', options: { scale: '1-10', map: ['score=support_rating', 'responded_at=closed_at'], groupBy: ['team'], period: 'year' } },
  { metric: 'ces', file: 'fixtures/effort.csv', options: { groupBy: ['channel'], period: 'month' } },
  { metric: 'ces', file: 'fixtures/effort.csv', options: { period: 'week', since: '2026-01-10' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: {} },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'month', tz: 'Asia/Tokyo' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'week' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { by: 'reach', interactions: ['likes', 'comments'], since: '2026-01-10', until: '2026-02-20' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'day', by: 'followers' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'quarter', by: 'impressions', groupBy: ['platform'] } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: {} },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { period: 'week', tz: 'Asia/Tokyo' } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { unbounded: true, groupBy: ['country'] } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { counts: true, startEvents: ['visit'], returnEvents: ['purchase'] } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { events: ['purchase'], where: ['country!=JP'], since: '2026-01-15', until: '2026-04-01' } },
  { metric: 'churn', file: 'fixtures/orders.csv', options: {} },
  { metric: 'churn', file: 'fixtures/orders.csv', options: { groupBy: ['country'] } },
  { metric: 'churn', file: 'fixtures/orders.csv', options: { period: 'week', tz: 'Asia/Tokyo', events: ['purchase'] } },
  { metric: 'churn', file: 'fixtures/orders.csv', options: { period: 'day', since: '2026-01-10', until: '2026-03-20' } },
  { metric: 'churn', file: 'fixtures/subscriptions.csv', options: { model: 'subscription' } },
  { metric: 'churn', file: 'fixtures/subscriptions.csv', options: { model: 'subscription', samePeriod: 'include', groupBy: ['plan'], period: 'week', compare: 'previous' } },
  { metric: 'churn', file: 'fixtures/subscriptions.csv', options: { model: 'subscription', period: 'quarter', tz: 'Pacific/Auckland', since: '2026-01-15' } },
  { metric: 'lifecycle', file: 'fixtures/orders.csv', options: {} },
  { metric: 'lifecycle', file: 'fixtures/orders.csv', options: { groupBy: ['country'], period: 'week' } },
  { metric: 'lifecycle', file: 'fixtures/orders.csv', options: { events: ['purchase'], tz: 'America/New_York', since: '2026-02-01' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: {} },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { groupBy: ['country'], tz: 'Asia/Tokyo' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { events: ['purchase'], since: '2026-01-10', until: '2026-03-20' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { distribution: true } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { distribution: true, groupBy: ['country'], tz: 'Asia/Tokyo', since: '2026-01-10' } },
  // Stickiness's rolling windows, distributions by week or range, cumulative, and criteria.
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { rolling: [7, 28], since: '2026-02-01', until: '2026-03-15' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { rolling: [2], groupBy: ['country'], criteria: '>=2', tz: 'Asia/Tokyo' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { distribution: true, period: 'week', weekStart: 'sunday', cumulative: true } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { distribution: true, period: 'range', groupBy: ['country'], criteria: '>=2' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { criteria: '=1', groupBy: ['country'] } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'purchase'], window: '7d' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'purchase'], window: '24h', groupBy: ['channel'] } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'purchase'], window: '2w', groupBy: ['channel'], since: '2026-01-02' } },
  // A repeated step takes another row than the step before (u5 has two views); percentiles of any rank.
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'view', 'purchase'], window: '7d', percentiles: [25, 50, 99.5] } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'view'], window: '90s' } },
  // The funnel's modes (product-analytics.md): strict, unordered, any entry, exclusions, entry periods, attribution, the histogram.
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'purchase'], order: 'strict', entry: 'any', groupBy: ['channel'] } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['purchase', 'cart', 'view'], order: 'unordered', window: '2d', entry: 'any' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'purchase'], exclude: ['cart@1-2'], entry: 'any', period: 'week', tz: 'Asia/Tokyo' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'purchase'], groupBy: ['channel'], attribution: 'last-touch', period: 'month', until: '2026-02-01' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'cart', 'purchase'], groupBy: ['channel'], attribution: 'step:2' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['purchase', 'cart', 'view'], order: 'unordered', groupBy: ['channel'], attribution: 'last-touch', window: '3d' } },
  { metric: 'funnel', file: 'fixtures/orders.csv', options: { steps: ['purchase', 'visit'], order: 'unordered', entry: 'any', groupBy: ['country'], attribution: 'step:2', period: 'month' } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'purchase'], timeToConvert: true } },
  { metric: 'funnel', file: 'fixtures/funnel.csv', options: { steps: ['view', 'purchase'], timeToConvert: true, bins: 4, entry: 'any' } },
  { metric: 'repeat', file: 'fixtures/orders.csv', options: {} },
  { metric: 'repeat', file: 'fixtures/orders.csv', options: { returning: true, since: '2026-02-01' } },
  { metric: 'repeat', file: 'fixtures/orders.csv', options: { period: 'month', groupBy: ['country'], tz: 'Asia/Tokyo' } },
  { metric: 'repeat', file: 'fixtures/orders.csv', options: { period: 'week', events: ['purchase', 'visit'] } },
  // Paths after and before an event (product-analytics.md "Paths").
  { metric: 'paths', file: 'fixtures/orders.csv', options: { after: 'visit', depth: 4 } },
  { metric: 'paths', file: 'fixtures/funnel.csv', options: { before: 'purchase', depth: 2, top: 2 } },
  { metric: 'paths', file: 'fixtures/funnel.csv', options: { after: 'view', depth: 1, since: '2026-01-02' } },
  // Trends: counts, customers, sums and means per period, a formula, trailing means, groups with their all rows, --compare.
  { metric: 'trend', file: 'fixtures/orders.csv', options: {} },
  { metric: 'trend', file: 'fixtures/orders.csv', options: { period: 'week', series: ['orders=purchase', 'buyers=purchase:customers', 'revenue=purchase:sum:amount', 'aov=purchase:mean:amount'], formula: 'revenue / buyers', smooth: 3 } },
  { metric: 'trend', file: 'fixtures/orders.csv', options: { groupBy: ['country'], series: ['revenue=purchase:sum:amount', 'active=*:customers', 'visit'], formula: '(revenue - 2 * visit) / -active', compare: 'previous' } },
  { metric: 'trend', file: 'fixtures/orders.csv', options: { period: 'day', tz: 'Asia/Tokyo', since: '2026-02-01', until: '2026-03-15', series: ['*:mean:amount'], smooth: 7, compare: 'previous' } },
  // Customers and their value: the BTYD summary in days, calendar weeks and months; RFM scores and segments.
  { metric: 'customers', file: 'fixtures/orders.csv', options: {} },
  { metric: 'customers', file: 'fixtures/orders.csv', options: { freq: 'week', observationEnd: '2026-03-31', tz: 'Asia/Tokyo' } },
  { metric: 'customers', file: 'fixtures/cdnow_sample.csv', options: { observationEnd: '1997-09-30' } },
  { metric: 'customers', file: 'fixtures/cdnow_sample.csv', options: { freq: 'month', weekStart: 'sunday', since: '1997-02-01' } },
  { metric: 'rfm', file: 'fixtures/orders.csv', options: { perCustomer: true } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { revenue: true, groupBy: ['country'] } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { revenue: true, cumulative: true, period: 'week', returnEvents: ['purchase'], tz: 'Asia/Tokyo' } },
  { metric: 'retention', file: 'fixtures/cdnow_sample.csv', options: { revenue: true, cumulative: true, counts: true, period: 'quarter' } },
  // Retention modes (product-analytics.md): recurring cohorts, 24-hour windows, brackets, occurrences, references and means.
  { metric: 'retention', file: 'fixtures/orders.csv', options: { period: 'week', mode: 'recurring', brackets: [1, 3, 7], groupBy: ['country'] } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { period: 'week', windows: '24h', reference: 'previous', mean: 'simple', tz: 'Asia/Tokyo' } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { period: 'day', windows: '24h', counts: true, startEvents: ['visit'], returnEvents: ['purchase'], until: '2026-04-30' } },
  { metric: 'retention', file: 'fixtures/orders.csv', options: { mode: 'recurring', minOccurrences: 2, since: '2026-01-15' } },
  { metric: 'retention', file: 'fixtures/cdnow_sample.csv', options: { period: 'month', windows: '24h', brackets: [1, 3, 6], mean: 'simple' } },
  { metric: 'rfm', file: 'fixtures/cdnow_sample.csv', options: { observationEnd: '1997-12-31' } },
  { metric: 'rfm', file: 'fixtures/cdnow_sample.csv', options: { observationEnd: '1997-06-30', perCustomer: true, tz: 'America/New_York' } },
  // --compare: each figure against the same group's period before, or a year before (rates in points, counts relative).
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'week', compare: 'previous' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { period: 'day', by: 'followers', compare: 'previous' } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['store'], period: 'month', compare: 'previous' } },
  // --vs: each store's NPS against Umeda's in the same month; --alpha sets the level of the marks.
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['store'], period: 'month', vs: 'Umeda', compare: 'previous', alpha: 0.1 } },
  { metric: 'nps', file: 'fixtures/answers.csv', options: { groupBy: ['channel', 'store'], vs: 'web' } },
  { metric: 'ces', file: 'fixtures/effort.csv', options: { period: 'month', compare: 'previous' } },
  { metric: 'churn', file: 'fixtures/subscriptions.csv', options: { model: 'subscription', compare: 'previous', alpha: 0.2 } },
  // MRR movements: several subscriptions of a customer, seats, yearly plans, two currencies; groups; another LTV window.
  { metric: 'mrr', file: 'fixtures/billing.csv', options: {} },
  { metric: 'mrr', file: 'fixtures/billing.csv', options: { period: 'quarter', groupBy: ['event'], ltvWindow: 2 } },
  { metric: 'mrr', file: 'fixtures/subscriptions.csv', options: { tz: 'Asia/Tokyo', period: 'week' } },
  { metric: 'mrr', file: 'fixtures/billing.csv', options: { compare: 'previous', groupBy: ['interval'] } },
  { metric: 'mrr', file: 'fixtures/subscriptions.csv', options: { period: 'week', compare: 'yoy', tz: 'America/New_York' } },
  // The groupings engage derives from a post: weekday and hour in --tz, the post type as one word; with periods and --compare.
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['@weekday', '@hour'], tz: 'Asia/Tokyo' } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform', '@weekday'], weekStart: 'sunday', tz: 'America/New_York', period: 'month', compare: 'previous' } },
  { metric: 'rate', file: 'fixtures/real/facebook_metrics.csv', options: { by: 'reach', groupBy: ['@format', 'Paid'] } },
  // Hashtags: a post in each of its tags (text and hashtags column), once overall; Japanese, ＃, URLs, a combining mark, case.
  { metric: 'rate', file: 'fixtures/exports/tagged_posts.csv', options: { groupBy: ['@hashtag'] } },
  { metric: 'rate', file: 'fixtures/exports/tagged_posts.csv', options: { groupBy: ['platform', '@hashtag'], period: 'month', minPosts: 2, compare: 'previous' } },
  // Follower growth: platforms, a month without rows, blank counts, two rows of a day, weeks in --tz, a window.
  { metric: 'growth', file: 'fixtures/exports/account_daily.csv', options: {} },
  { metric: 'growth', file: 'fixtures/exports/account_daily.csv', options: { period: 'week', weekStart: 'sunday', tz: 'America/New_York', since: '2026-01-31', until: '2026-03-02' } },
  { metric: 'growth', file: 'fixtures/exports/account_gaps.csv', options: { tz: 'Asia/Tokyo' } },
  { metric: 'growth', file: 'fixtures/exports/account_gaps.csv', options: { period: 'quarter', until: '2026-07-01' } },
  // --posts: each post rated by its account's followers of its day (a platform case aside), in --tz; posts of one account.
  { metric: 'growth', file: 'fixtures/exports/account_daily.csv', options: { posts: 'fixtures/exports/account_posts.csv', tz: 'Asia/Tokyo', until: '2026-04-01' } },
  { metric: 'growth', file: 'fixtures/exports/account_gaps.csv', options: { posts: 'fixtures/exports/account_gaps_posts.csv', interactions: ['likes'], period: 'week', tz: 'Asia/Tokyo' } },
  // Drivers: the engines count each candidate's 2×2 tables; engage finishes them. Calendar days in --tz, a window, --candidates.
  { metric: 'drivers', file: 'fixtures/onboarding-events.csv', options: { outcome: 'converted:purchase' } },
  { metric: 'drivers', file: 'fixtures/orders.csv', options: { outcome: 'retained:purchase@14..60', maxCount: 3, tz: 'Asia/Tokyo' } },
  { metric: 'drivers', file: 'fixtures/orders.csv', options: { outcome: 'retained:*@7..40', within: '36h', candidates: ['visit', 'purchase'], until: '2026-04-20' } },
  // Posts one by one, the best N, and breakouts against each platform's posts of the weeks before (across a DST change in New York).
  { metric: 'rate', file: 'fixtures/posts.csv', options: { perPost: true } },
  { metric: 'rate', file: 'fixtures/posts.csv', options: { top: 5, groupBy: ['platform'], since: '2026-01-10' } },
  { metric: 'rate', file: 'fixtures/exports/breakout_posts.csv', options: { perPost: true, breakouts: true, baseline: '4w', tz: 'America/New_York' } },
  { metric: 'rate', file: 'fixtures/exports/breakout_posts.csv', options: { perPost: true, breakouts: true, sigma: 2, baseline: '30d' } },
  // --min-posts leaves thin groups out of the table, not out of the overall row; a left-out month has no change beside it.
  { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'month', minPosts: 2, compare: 'previous' } },
  { metric: 'rate', file: 'fixtures/real/facebook_metrics.csv', options: { by: 'reach', groupBy: ['@format', 'Paid'], minPosts: 10 } },
  { metric: 'retention', file: 'fixtures/billing.csv', options: { mrr: true } },
  { metric: 'retention', file: 'fixtures/billing.csv', options: { mrr: true, gross: true, period: 'week', groupBy: ['interval'] } },
  { metric: 'retention', file: 'fixtures/subscriptions.csv', options: { mrr: true, counts: true, until: '2026-05-01' } },
  { metric: 'csat', file: 'fixtures/ratings.csv', options: { period: 'month', map: ['responded_at=closed_at'], compare: 'yoy' } },
  { metric: 'churn', file: 'fixtures/orders.csv', options: { groupBy: ['country'], compare: 'previous' } },
  { metric: 'lifecycle', file: 'fixtures/orders.csv', options: { period: 'week', compare: 'previous' } },
  { metric: 'stickiness', file: 'fixtures/orders.csv', options: { compare: 'previous' } },
  { metric: 'repeat', file: 'fixtures/orders.csv', options: { period: 'month', groupBy: ['country'], compare: 'previous' } },
  // Real answers (fixtures/real, MIT): questions as headers, airlines with commas in their names, times with milliseconds.
  { metric: 'nps', file: 'fixtures/real/airline_nps.csv', options: { map: ['score=How likely are you to recommend this airline?'], groupBy: ['Airline'] } },
  { metric: 'nps', file: 'fixtures/real/sudzilla_2020.csv', options: { map: ['score=On a scale of 0-10, how would you rate Sudzilla?'], period: 'day', tz: 'Europe/London' } },
  { metric: 'csat', file: 'fixtures/real/app_ratings.csv', options: { map: ['score=Mobile App - Overall Rating'] } },
  ...(existsSync(LIFETIMES)
    ? [
        // 5,000 customers' purchase dates written with a midnight time: --until says where the data ends for both engines.
        { metric: 'retention', file: LIFETIMES, options: { map: ['customer_id=id'], until: '2015-01-01' } },
        { metric: 'churn', file: LIFETIMES, options: { map: ['customer_id=id'], period: 'quarter', until: '2015-01-01' } },
        // Dates without amounts: no monetary columns; RFM from recency and orders.
        { metric: 'customers', file: LIFETIMES, options: { map: ['customer_id=id'], freq: 'week' } },
        { metric: 'rfm', file: LIFETIMES, options: { map: ['customer_id=id'] } },
        // Years of months and days: a year before exists, and 29 February 2012 has none.
        { metric: 'lifecycle', file: LIFETIMES, options: { map: ['customer_id=id'], period: 'month', until: '2015-01-01', compare: 'yoy' } },
        { metric: 'repeat', file: LIFETIMES, options: { map: ['customer_id=id'], period: 'day', since: '2011-02-01', until: '2013-04-01', compare: 'yoy' } },
      ]
    : []),
  ...(existsSync(FACEBOOK)
    ? [
        { metric: 'rate', file: FACEBOOK, options: { groupBy: ['Type'] } },
        { metric: 'rate', file: FACEBOOK, options: { groupBy: ['Paid', 'Category'], by: 'impressions' } },
      ]
    : []),
];

describe('SQL forms give the streaming engine’s tables', () => {
  it.each(CASES)('$metric $options on $file', async (c) => {
    await expectSqlFormAgrees(c, engines());
  }, 120_000);
});

describe('experiment: the SQL engines compute each variant’s sums, engage the statistics', () => {
  const SUMS_FILE = join(mkdtempSync(join(tmpdir(), 'engage-sums-')), 'sums.csv');
  writeFileSync(SUMS_FILE, 'variant,users,sum,sum_squares,covariate_sum,covariate_sum_squares,sum_products\ncontrol,3000,1396.87,52377.9767,16.87,527.9767,1\nb,3461,2422.7,134698.29,22.7,1348.29,1\n');
  const cases: Case[] = [
    { metric: 'experiment', file: 'fixtures/experiment.csv', options: { metric: 'converted' } },
    { metric: 'experiment', file: 'fixtures/experiment.csv', options: { metric: 'revenue/orders', groupBy: ['country'], stats: 'bayesian' } },
    { metric: 'experiment', file: 'fixtures/experiment.csv', options: { metric: 'revenue', covariate: 'pre_revenue', difference: 'absolute', where: ['country!=GB'] } },
    { metric: 'experiment', file: 'fixtures/onboarding-events.csv', options: { exposureEvent: 'exposure', metric: 'conversion:signup', window: '7d' } },
    { metric: 'experiment', file: 'fixtures/onboarding-events.csv', options: { exposureEvent: 'exposure', metric: 'sum:purchase:amount', groupBy: ['country'], sequential: true, tz: 'Asia/Tokyo', since: '2026-03-05' } },
    { metric: 'experiment', file: 'fixtures/onboarding-events.csv', options: { exposureEvent: 'exposure', metric: 'count:purchase', window: '36h' } },
    { metric: 'experiment', file: SUMS_FILE, options: { summary: true } },
  ];

  it.each(cases)('$options on $file', async (c) => {
    const spec = metricNamed('experiment')!;
    const expected = await streamed(c);
    expect(expected.length).toBeGreaterThan(1);
    for (const engine of ['duckdb', 'clickhouse'] as const) {
      const doc = await computeDocument(spec, { ...c.options, engine }, [c.file], { stdin: Readable.from([]) });
      expectSameTable(doc.table.rows as Rows, expected, `--engine ${engine}`);
    }
    // PostgreSQL: the statement over a loaded table, its sums finished as the engines finish them.
    const options = parseOptions(spec.options, c.options) as Record<string, unknown> & { tz: string };
    const kind = rowKindOf(spec, options);
    const table = tableOf(c.file, kind, kind, options.tz);
    await open.postgres.load(table);
    const sql = sqlStatement(spec, options, new SqlContext('experiment', kind, { dialect: 'postgres', columns: table.columns.map((column) => column.name) }), TEST_RUNNER);
    const skeleton = describerOf(spec, options).skeleton(c.file, table.header).table;
    const finished = spec.tableFromSql!(skeleton, sumsColumnNames(options as never), await open.postgres.rows(sql), options as never);
    expectSameTable(finished.table.rows as Rows, expected, 'postgres');
  }, 120_000);
});

describe('engage sql', () => {
  it('prints, without a table to look at, the statement --compare adds to: the streaming engine\'s table with each change', async () => {
    for (const c of [
      { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'month', compare: 'previous' } },
      { metric: 'churn', file: 'fixtures/orders.csv', options: { period: 'week', compare: 'yoy' } },
    ] satisfies Case[]) {
      const spec = metricNamed(c.metric)!;
      const args = ['sql', c.metric, '--dialect', 'duckdb', '--period', c.options.period, '--compare', c.options.compare];
      if (c.metric === 'rate') args.push('--group-by', 'platform', '--columns', 'followers,likes,comments,shares,saves');
      const printed = await engage(args);
      expect(printed.stderr).toBe('');
      await open.duckdb.load(tableOf(c.file, spec.rows, spec.rows, 'UTC'));
      const expected = await streamed(c);
      expect(expected[0].length).toBeGreaterThan(10);
      const header = tableOf(c.file, spec.rows, spec.rows, 'UTC').header;
      expectSameTable(finished(await open.duckdb.rows(printed.stdout.replace(/;\n$/, '')), spec, parseOptions(spec.options, c.options) as Record<string, unknown>, c.file, header), expected, `engage sql ${c.metric}`);
    }
  }, 30_000);
});

describe('--engine duckdb', () => {
  const csvCases = [...CASES, ...RETAIL_CASES].filter((c) => !c.file.includes('facebook') || existsSync(c.file));

  it.each(csvCases)('$metric $options on $file gives the streaming engine’s table', async (c) => {
    const viaDuckDb = await computeDocument(metricNamed(c.metric)!, { ...c.options, engine: 'duckdb' }, [c.file], { stdin: Readable.from([]) });
    expectSameTable(viaDuckDb.table.rows as Rows, await streamed(c), 'duckdb engine');
  }, 30_000);

  it('computes clv’s customer summary in DuckDB and fits the models in engage: the streaming engine’s figures', async () => {
    for (const options of [{ observationEnd: '1997-09-30', params: true }, { observationEnd: '1997-09-30', freq: 'week', horizon: 26, discount: 0.01 }]) {
      const c: Case = { metric: 'clv', file: 'fixtures/cdnow_sample.csv', options };
      const viaDuckDb = await computeDocument(metricNamed('clv')!, { ...options, engine: 'duckdb' }, [c.file], { stdin: Readable.from([]) });
      expectSameTable(viaDuckDb.table.rows as Rows, await streamed(c), 'clv through duckdb');
      if (options.params) expect(viaDuckDb.notes).toContain('frequency and monetary value of the 946 repeat customers correlate at 0.114 (Gamma-Gamma assumes none)');
    }
    const printed = await engage(['sql', 'clv', '--dialect', 'duckdb']);
    expect(printed.code).toBe(2);
    expect(printed.stderr).toContain('engage sql customers prints the summary they are fitted to');
  }, 60_000);

  it('reads a header that is a canonical name in other case (YouTube’s "Views"): one column, not two that DuckDB takes for one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'engage-case-')), 'videos.csv');
    writeFileSync(file, 'Video publish time,Views,Likes,Comments\n2026-03-03T10:00:00Z,"11,200",702,61\n2026-03-09T18:30:00Z,5200,238,27\n');
    const c: Case = { metric: 'rate', file, options: { groupBy: ['@weekday', '@hour'] } };
    const viaDuckDb = await computeDocument(metricNamed('rate')!, { ...c.options, engine: 'duckdb' }, [file], { stdin: Readable.from([]) });
    expectSameTable(viaDuckDb.table.rows as Rows, await streamed(c), 'duckdb engine');
  });

  it('--min-posts: the SQL form says how many groups it left out, as the streaming engine does', async () => {
    const options = { groupBy: ['platform'], period: 'month', minPosts: 2 };
    const viaDuckDb = await computeDocument(metricNamed('rate')!, { ...options, engine: 'duckdb' }, ['fixtures/posts.csv'], { stdin: Readable.from([]) });
    const streamedDoc = await computeDocument(metricNamed('rate')!, options, ['fixtures/posts.csv'], { stdin: Readable.from([]) });
    const note = streamedDoc.notes.find((n) => n.includes('--min-posts'))!;
    expect(note).toMatch(/^\d+ groups with fewer than 2 posts left out/);
    expect(viaDuckDb.notes).toContain(note);
  }, 30_000);

  it('reads Parquet, whose columns are typed already', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-parquet-'));
    const parquet = join(dir, 'posts.parquet');
    const db = await DuckDb.open();
    // The fixture as a warehouse would export it: counts as numbers, times as timestamps with time zone.
    await db.load(tableOf('fixtures/posts.csv', 'posts', 'posts', 'UTC'));
    await db.rows(`COPY posts TO '${parquet}' (FORMAT parquet)`);
    const c: Case = { metric: 'rate', file: 'fixtures/posts.csv', options: { groupBy: ['platform'], period: 'month' } };
    const viaParquet = await computeDocument(metricNamed('rate')!, { ...c.options, engine: 'duckdb' }, [parquet], { stdin: Readable.from([]) });
    expectSameTable(viaParquet.table.rows as Rows, await streamed(c), 'parquet');
  }, 30_000);

  it('reads NDJSON, each value as text typed by the view', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-ndjson-'));
    const ndjson = join(dir, 'orders.ndjson');
    const [header, ...lines] = readFileSync('fixtures/orders.csv', 'utf8').trim().split('\n');
    const keys = header.split(',');
    // Amounts as JSON numbers, the rest as strings, blanks as empty strings: as exports write them.
    writeFileSync(ndjson, lines.map((line) => JSON.stringify(Object.fromEntries(line.split(',').map((cell, i) => [keys[i], keys[i] === 'amount' && cell !== '' ? Number(cell) : cell])))).join('\n'));
    for (const [metric, options] of [['churn', { groupBy: ['country'] }], ['retention', { unbounded: true }], ['stickiness', {}]] as const) {
      const viaDuckDb = await computeDocument(metricNamed(metric)!, { ...options, engine: 'duckdb' }, [ndjson], { stdin: Readable.from([]) });
      expectSameTable(viaDuckDb.table.rows as Rows, await streamed({ metric, file: 'fixtures/orders.csv', options }), `ndjson ${metric}`);
    }
  }, 30_000);

  it('reads cells by the streaming engine\'s rules: thousands separators, padding, blank words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-cells-'));
    const file = join(dir, 'posts.csv');
    writeFileSync(file, 'post_id,platform,followers,likes,comments\np1,x,"1,200", 12 ,NA\np2,NA,900,+3,-\np3,ig,"2,500",1e2,4\n');
    const c: Case = { metric: 'rate', file, options: { groupBy: ['platform'] } };
    const viaDuckDb = await computeDocument(metricNamed('rate')!, { ...c.options, engine: 'duckdb' }, [file], { stdin: Readable.from([]) });
    expectSameTable(viaDuckDb.table.rows as Rows, await streamed(c), 'cells');
  });

  it('stops on a bad cell where the streaming engine does, naming its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-bad-'));
    const bad = join(dir, 'answers.csv');
    writeFileSync(bad, 'respondent_id,responded_at,score\nr1,2026-01-01,9\nr2,2026-01-02,eleven\n');
    const error = await failure(computeDocument(metricNamed('nps')!, { engine: 'duckdb' }, [bad], { stdin: Readable.from([]) }));
    expect(error.message).toBe(`1 row with a bad "score" answer: expected a whole number from 0 to 10; the first was "eleven" (at ${bad}:3)`);
  });

  it('refuses what DuckDB cannot read as engage reads it, saying why and what does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-refused-'));
    const us = join(dir, 'us.csv');
    writeFileSync(us, 'respondent_id,responded_at,score\nr1,03/14/2026,9\n');
    const nps = metricNamed('nps')!;
    const run = (files: string[], options: Record<string, unknown> = {}) => failure(computeDocument(nps, { engine: 'duckdb', ...options }, files, { stdin: Readable.from([]) }));
    expect((await run([us], { period: 'month' })).message).toBe(`--engine duckdb cannot read ${us} as it is: DuckDB stopped on a responded_at that the engine does not read as a time "03/14/2026", which engage reads`);
    expect((await run(['-'])).message).toBe('--engine duckdb reads files (CSV, NDJSON or Parquet), not stdin');
    expect((await run(['fixtures/exports/x_content_ja.csv'], { encoding: 'shift_jis' })).message).toContain('DuckDB reads UTF-8');
    expect((await run(['fixtures/answers.csv'], { skipInvalid: true })).message).toContain('--skip-invalid has no SQL form yet');
    const perPost = await failure(computeDocument(metricNamed('rate')!, { engine: 'duckdb', perPost: true, groupBy: ['@weekday'] }, ['fixtures/posts.csv'], { stdin: Readable.from([]) }));
    expect(perPost.message).toBe('--engine duckdb: --per-post or --top with a derived --group-by (@weekday, @hashtag …) has no SQL form yet');
     // A date alone has no hour: the streaming engine leaves such posts out of every @hour group, which SQL would put at 00.
    const dates = join(dir, 'dates.csv');
    writeFileSync(dates, 'published_at,followers,likes\n2026-03-02,100,5\n2026-03-03 10:30,100,7\n');
    const hours = await failure(computeDocument(metricNamed('rate')!, { engine: 'duckdb', groupBy: ['@hour'] }, [dates], { stdin: Readable.from([]) }));
    expect(hours.message).toBe(`--engine duckdb cannot read ${dates} as it is: its "published_at" is a date without a time of day, which has no hour (engage leaves such posts out of every @hour group)`);
  });
});

describe('--engine clickhouse (chDB)', () => {
  const cases = CASES.filter((c) => !c.file.includes('facebook') || existsSync(c.file));

  it.each(cases)('$metric $options on $file gives the streaming engine’s table', async (c) => {
    const viaClickHouse = await computeDocument(metricNamed(c.metric)!, { ...c.options, engine: 'clickhouse' }, [c.file], { stdin: Readable.from([]) });
    expectSameTable(inEngineOrder(viaClickHouse.table.rows as Rows, c.options, 'clickhouse'), inEngineOrder((await streamed(c)) as Rows, c.options, 'clickhouse') as Cell[][], 'clickhouse engine');
  }, 30_000);

  it('names a bad cell as the streaming engine does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engage-clickhouse-'));
    const bad = join(dir, 'answers.csv');
    writeFileSync(bad, 'responded_at,score\n2026-01-05 10:00,9\n2026-01-06 10:00,twelve\n');
    const stopped = await failure(computeDocument(metricNamed('nps')!, { engine: 'clickhouse', period: 'month' }, [bad], { stdin: Readable.from([]) }));
    expect(stopped.exitCode).toBe(65);
    expect(stopped.message).toContain(`${bad}:3`);
  }, 30_000);
});

describe('--engine duckdb|clickhouse over several files', () => {
  // The orders fixture in three files of three kinds, read as one data set: comma CSV; a ;-separated
  // CSV that calls the customer user_id; NDJSON. The funnel fixture in two.
  const dir = mkdtempSync(join(tmpdir(), 'engage-several-'));
  const [header, ...lines] = readFileSync('fixtures/orders.csv', 'utf8').trim().split('\n');
  const names = header.split(',');
  const [first, second, third] = [join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'c.ndjson')];
  writeFileSync(first, [header, ...lines.slice(0, 25)].join('\n') + '\n');
  writeFileSync(second, [header.replace('customer_id', 'user_id'), ...lines.slice(25, 50)].join('\n').replaceAll(',', ';') + '\n');
  writeFileSync(third, lines.slice(50).map((line) => JSON.stringify(Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])))).join('\n') + '\n');
  const orders = [first, second, third];
  const [funnelHeader, ...funnelLines] = readFileSync('fixtures/funnel.csv', 'utf8').trim().split('\n');
  const half = Math.floor(funnelLines.length / 2);
  const funnels = [join(dir, 'f1.csv'), join(dir, 'f2.csv')];
  writeFileSync(funnels[0], [funnelHeader, ...funnelLines.slice(0, half)].join('\n') + '\n');
  writeFileSync(funnels[1], [funnelHeader, ...funnelLines.slice(half)].join('\n') + '\n');
  const cases: { metric: string; files: string[]; options: Record<string, unknown> }[] = [
    { metric: 'churn', files: orders, options: { groupBy: ['country'] } },
    { metric: 'retention', files: orders, options: { period: 'week' } },
    { metric: 'lifecycle', files: orders, options: {} },
    { metric: 'stickiness', files: orders, options: { tz: 'Asia/Tokyo' } },
    { metric: 'repeat', files: orders, options: { period: 'month', groupBy: ['country'] } },
    { metric: 'customers', files: orders, options: {} },
    { metric: 'rfm', files: orders, options: { perCustomer: true } },
    { metric: 'funnel', files: funnels, options: { steps: ['view', 'cart', 'purchase'], window: '7d', groupBy: ['channel'] } },
  ];
  const engines = ['duckdb', 'clickhouse'].flatMap((engine) => cases.map((c) => ({ ...c, engine })));

  it.each(engines)('$engine: $metric $options gives the streaming engine’s table over the same files', async (c) => {
    const spec = metricNamed(c.metric)!;
    const expected = (await computeDocument(spec, c.options, c.files, { stdin: Readable.from([]) })).table.rows;
    const viaEngine = await computeDocument(spec, { ...c.options, engine: c.engine }, c.files, { stdin: Readable.from([]) });
    expectSameTable(viaEngine.table.rows as Rows, expected, `${c.engine} over ${c.files.length} files`);
  }, 60_000);

  it('refuses files whose columns differ, naming the column', async () => {
    const lacking = join(dir, 'no-country.csv');
    writeFileSync(lacking, `${names.slice(0, -1).join(',')}\n${lines.slice(0, 3).map((line) => line.split(',').slice(0, -1).join(',')).join('\n')}\n`);
    for (const engine of ['duckdb', 'clickhouse']) {
      const refused = await failure(computeDocument(metricNamed('churn')!, { engine }, [first, lacking], { stdin: Readable.from([]) }));
      expect(refused.exitCode).toBe(2);
      expect(refused.message).toBe(`--engine ${engine} cannot read ${lacking} as it is: its columns are not those of ${first} (it lacks country), and --engine ${engine} reads several files as one table`);
    }
  }, 60_000);
});

describe('--db postgres://…', () => {
  let server: PGLiteSocketServer;
  let url = '';

  beforeAll(async () => {
    // PostgreSQL (PGlite) served on a local port, as a warehouse's copy would be: node-postgres connects to it.
    server = new PGLiteSocketServer({ db: open.postgres.db, port: 0, host: '127.0.0.1' });
    await server.start();
    url = `postgres://postgres:secret@127.0.0.1:${(server as unknown as { port: number }).port}/postgres`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it.each(CASES.filter((c) => ['nps', 'rate', 'retention', 'churn'].includes(c.metric)).slice(0, 12))('$metric $options gives the streaming engine’s table', async (c) => {
    const spec = metricNamed(c.metric)!;
    const options = parseOptions(spec.options, c.options) as Record<string, unknown> & { tz: string; map: string[] };
    await open.postgres.load(tableOf(c.file, 'warehouse_copy', spec.rows, options.tz, options.map));
    const viaDb = await computeDocument(spec, { ...c.options, db: url, table: 'warehouse_copy' }, [], { stdin: Readable.from([]) });
    expectSameTable(viaDb.table.rows as Rows, await streamed(c), 'postgres --db');
  }, 30_000);

  it('growth --posts names a second table of the database: each post rated by its account’s followers of its day', async () => {
    const c: Case = { metric: 'growth', file: 'fixtures/exports/account_daily.csv', options: { posts: 'fixtures/exports/account_posts.csv', tz: 'Asia/Tokyo', until: '2026-04-01' } };
    await open.postgres.load(tableOf(c.file, 'account_copy', 'accounts', 'Asia/Tokyo'));
    await open.postgres.load(tableOf('fixtures/exports/account_posts.csv', 'post_copy', 'posts', 'Asia/Tokyo'));
    const viaDb = await computeDocument(metricNamed('growth')!, { ...c.options, posts: 'post_copy', db: url, table: 'account_copy' }, [], { stdin: Readable.from([]) });
    expectSameTable(viaDb.table.rows as Rows, await streamed(c), 'postgres --db');
    const missing = await failure(computeDocument(metricNamed('growth')!, { posts: 'no_posts', db: url, table: 'account_copy' }, [], { stdin: Readable.from([]) }));
    expect(missing.message).toContain('has no table or view "no_posts"');
    expect(missing.hints).toEqual(['name it with --posts']);
  }, 30_000);

  it('stops on bad data in the table, and says so without the password', async () => {
    await open.postgres.load({ name: 'bad_answers', columns: [{ name: 'score', type: 'double' }], rows: [[9], [12]], header: ['score'] });
    const bad = await failure(computeDocument(metricNamed('nps')!, { db: url, table: 'bad_answers' }, [], { stdin: Readable.from([]) }));
    expect(bad.exitCode).toBe(65);
    expect(bad.message).toContain('a score is not a whole number from 0 to 10: 12');
    expect(bad.message).not.toContain('secret');
    const missing = await failure(computeDocument(metricNamed('nps')!, { db: url, table: 'nothing_here' }, [], { stdin: Readable.from([]) }));
    expect(missing.message).toBe(`postgres://postgres:***@127.0.0.1:${(server as unknown as { port: number }).port}/postgres has no table or view "nothing_here"`);
  });
});
