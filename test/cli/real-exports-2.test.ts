import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, engage, ROOT } from '../helpers/cli.js';

// engage on the second set of real exports (../shared/datasets/real-exports-2):
// files nobody here had seen when engage's readers were written. Each figure
// was computed independently with Python's csv, json, zipfile and statistics
// modules over the same files (the workbook's XML read with zipfile and
// ElementTree), by the definitions of METRICS.md; where engage stops, the
// option it proposes is the one the figures are then checked with.

const REAL = join(ROOT, '..', 'shared', 'datasets', 'real-exports-2');
const at = (path: string) => join(REAL, path);

async function table(args: string[]) {
  const result = await engage([...args, '--csv']);
  expect(result.code, result.stderr).toBe(0);
  return { rows: csvRows(result.stdout), stderr: result.stderr };
}

describe.runIf(existsSync(REAL))('real exports, second set (../shared/datasets/real-exports-2)', () => {
  it('Taobao UserBehavior.csv has no header line: engage stops and proposes --header, which then gives the figures', async () => {
    const file = at('taobao/UserBehavior.csv');
    const stopped = await engage(['repeat', file, '--event', 'buy']);
    expect(stopped.code).toBe(65);
    expect(stopped.stderr).toContain('--header customer_id,c2,c3,event,timestamp');
    const header = ['--header', 'customer_id,c2,c3,event,timestamp'];
    const repeat = (await table(['repeat', file, ...header, '--event', 'buy'])).rows[0];
    expect(repeat).toMatchObject({ customers: '23', repeat_customers: '16', orders: '77' });
    expect(Number(repeat.mean_days_between)).toBeCloseTo(1.4033800582990397, 12);
    expect(Number(repeat.median_days_between)).toBeCloseTo(0.5965914351851851, 12);
    const funnel = (await table(['funnel', file, ...header, '--steps', 'pv,cart,buy'])).rows;
    expect(funnel.map((r) => r.customers)).toEqual(['43', '28', '14']);
    expect(Number(funnel[2].median_hours_from_previous)).toBeCloseTo(28.794305555555553, 9);
  });

  it("Sparkify's .json files are NDJSON: an HTTP status is no event, the page is, and logged-out rows are anonymous", async () => {
    const files = readdirSync(at('sparkify/log_data')).map((f) => at(`sparkify/log_data/${f}`));
    const anonymous = await engage(['churn', ...files, '--period', 'week']);
    expect(anonymous.code).toBe(65);
    expect(anonymous.stderr).toContain(`286 rows with a blank "userId" (drop them with --where 'userId!='`);
    const churn = (await table(['churn', ...files, '--period', 'week', '--where', 'userId!='])).rows;
    expect(churn.map((r) => [r.period, r.active, r.new, r.churned])).toEqual([
      ['2018-W44', '46', '46', ''], ['2018-W45', '75', '34', '5'], ['2018-W46', '66', '9', '20'], ['2018-W47', '77', '3', '8'], ['2018-W48', '67', '5', '23'], ['all', '97', '97', '33'],
    ]);
    const noEvent = await engage(['repeat', ...files, '--event', 'Submit Upgrade', '--where', 'userId!=']);
    expect(noEvent.code).toBe(2);
    expect(noEvent.stderr).toContain('"status" was passed over');
    expect(noEvent.stderr).toContain('"page" (');
    const upgrades = (await table(['repeat', ...files, '--event', 'Submit Upgrade', '--where', 'userId!=', '--map', 'event=page'])).rows[0];
    expect(upgrades).toMatchObject({ customers: '8', orders: '8' });
  });

  it('GA4 rows: microsecond timestamps, user_id else client_id; items: one order per user and event_timestamp', async () => {
    const funnel = await table(['funnel', at('ga4_bigquery/ga4_data.csv'), '--steps', 'page_view,add_to_cart,purchase']);
    expect(funnel.rows.map((r) => r.customers)).toEqual(['2', '2', '2']);
    expect(Number(funnel.rows[1].median_hours_from_previous)).toBeCloseTo((0.8480963888888889 + 0.049445) / 2, 9);
    expect(funnel.stderr).toContain('46 rows with a blank "user_id" took customer_id from "client_id"');
    const items = (await table(['repeat', at('ga4_bigquery/ga4_obfuscated_purchase_items.csv')])).rows[0];
    expect(items).toMatchObject({ customers: '4418', repeat_customers: '774', orders: '5690', revenue: '362110' });
    expect(Number(items.mean_days_between)).toBeCloseTo(4.422089087753456, 6);
  });

  it("an Instagram export edited in Excel: the date and the time of day in two columns, the owner's own rate", async () => {
    const result = await table(['rate', at('instagram/Instagram_reels.xlsx'), '--period', 'month']);
    const byMonth = Object.fromEntries(result.rows.map((r) => [r.period, r]));
    expect(byMonth['2025-01']).toMatchObject({ posts: '18', interactions: '853748', basis: '5226915' });
    expect(Number(byMonth.all.pooled_rate)).toBeCloseTo(0.15145750688169457, 14);
    expect(Number(byMonth.all.mean_rate)).toBeCloseTo(0.11981263567698278, 14);
    expect(result.stderr).toContain('published_at is the date in "Date" at the time of day in "Publish time"');
    const late = await table(['rate', at('instagram/Instagram_reels.xlsx'), '--since', '2025-08-22T19:00', '--until', '2025-08-22T21:00']);
    expect(late.rows.at(-1)!.posts).toBe('1');
    const insights = (await table(['rate', at('instagram/Instagram data.csv')])).rows[0];
    expect(insights).toMatchObject({ posts: '176', interactions: '126643', basis: '3464652' });
    expect(Number(insights.median_rate)).toBeCloseTo(0.05296870023193321, 14);
  });

  it('Stripe payments: Customer ID, else Customer Email; the bookings with neither are anonymous', async () => {
    const file = at('stripe/unified_payments.csv');
    const stopped = await engage(['repeat', file]);
    expect(stopped.code).toBe(65);
    expect(stopped.stderr).toContain('4 rows with a blank "Customer ID" and "Customer Email" (anonymous: --skip-invalid leaves them out)');
    const result = await table(['repeat', file, '--skip-invalid']);
    expect(result.rows[0]).toMatchObject({ customers: '88', repeat_customers: '25', orders: '223', revenue: '3311' });
    expect(result.stderr).toContain('30 rows with a blank "Customer ID" took customer_id from "Customer Email"');
  });

  it("a second Shopify store: orders without an e-mail are anonymous; the others' figures", async () => {
    const result = await table(['repeat', at('shopify/explorer_orders_export_1.csv'), '--where', 'Email!=']);
    expect(result.rows[0]).toMatchObject({ customers: '54', repeat_customers: '3', orders: '58', revenue: '2381.25' });
    expect(Number(result.rows[0].median_days_between)).toBeCloseTo(34.94403356481481, 9);
  });

  it('surveys with a Likert "Recommend" beside the 0–10 question: the 0–10 one is read, and said', async () => {
    const training = await table(['nps', at('surveys/carpentries_instructor_training_post_20180908.csv')]);
    expect(training.rows[0]).toMatchObject({ responses: '889', promoters: '501', passives: '317', detractors: '71' });
    expect(training.stderr).toContain('"Recommend" could also be score; "LikelyToRecommend" was used');
    const longterm = (await table(['nps', at('surveys/carpentries_longterm_2020_other_questions.csv')])).rows[0];
    expect(longterm).toMatchObject({ responses: '134', promoters: '93', passives: '32', detractors: '9' });
    // Two-digit years (9/8/18 15:29): the answers by year.
    const byYear = (await table(['nps', at('surveys/carpentries_instructor_training_post_20180908.csv'), '--period', 'year'])).rows;
    expect(byYear.map((r) => [r.period, r.responses, r.promoters, r.detractors])).toEqual([['2016', '132', '95', '4'], ['2017', '303', '171', '24'], ['2018', '454', '235', '43'], ['all', '889', '501', '71']]);
  });

  it("drivers on the login log: logins in the first 7 days against any login on days 28 … 56; test/independent/drivers.py's figures", async () => {
    const { rows, stderr } = await table(['drivers', at('relax/takehome_user_engagement.csv'), '--outcome', 'retained:*@28..56']);
    expect(rows.map((r) => [r.threshold, r.customers_did, r.customers_not, r.outcome_did, r.outcome_not])).toEqual([
      ['1', '7749', '0', '1769', '0'], ['2', '807', '6942', '569', '1200'], ['3', '169', '7580', '136', '1633'], ['4', '22', '7727', '22', '1747'], ['5', '4', '7745', '4', '1765'],
    ]);
    const python = [[null, null, null, null], [11.404408460174402, 9.685763926502037, 13.42800973815063, 0.3873071441743976], [14.667650658794729, 10.035580588565336, 21.437720912088984, 0.20506837391179725],
      [78.69736842105263, 10.620066135567194, 583.1673472971386, 0.09810532025594494], [16.93374858437146, 1.9769991436840608, 145.0439885291765, 0.041783610089202186]];
    rows.forEach((r, i) => {
      const got = [r.odds_ratio, r.odds_ratio_low, r.odds_ratio_high, r.phi].map((v) => (v === '' ? null : Number(v)));
      expect(got).toEqual(python[i].map((v) => (v === null ? null : expect.closeTo(v, 9))));
    });
    expect(rows.map((r) => r.magic)).toEqual(['false', 'true', 'false', 'false', 'false']);
    expect(stderr).toContain('1074 customers whose day 56 is not over when the data ends left out');
    // The SQL form on DuckDB counts the same tables.
    const viaDuckDb = (await table(['drivers', at('relax/takehome_user_engagement.csv'), '--outcome', 'retained:*@28..56', '--engine', 'duckdb'])).rows;
    expect(viaDuckDb).toEqual(rows);
  }, 30_000);

  it('a login log: quarterly cohorts', async () => {
    const rows = (await table(['retention', at('relax/takehome_user_engagement.csv'), '--period', 'quarter'])).rows;
    expect(rows[0]).toMatchObject({ cohort: '2012-Q2', customers: '294' });
    expect(Number(rows[0].offset_1)).toBeCloseTo(0.3129251700680272, 14);
    expect(Number(rows[1].offset_3)).toBeCloseTo(0.18478260869565216, 14);
  });

  it("Instagram's post export by hashtag (Caption and its Hashtags column together) and by weekday: test/independent/social_depth.py's figures", async () => {
    const file = at('instagram/Instagram data.csv');
    const tags = (await table(['rate', file, '--group-by', '@hashtag'])).rows;
    expect(tags.length).toBe(164);
    const python = tags.find((r) => r.hashtag === 'python')!;
    expect([python.posts, python.interactions, python.basis]).toEqual(['141', '92881', '2488670']);
    expect(Number(python.median_rate)).toBeCloseTo(0.05770513675783856, 14);
    const days = (await table(['rate', file, '--group-by', '@weekday'])).rows;
    expect(days.map((r) => [r.weekday, r.posts, r.interactions])).toEqual([
      ['Mon', '25', '15702'], ['Tue', '25', '26689'], ['Wed', '25', '17752'], ['Thu', '25', '14010'], ['Fri', '26', '15492'], ['Sat', '25', '17916'], ['Sun', '25', '19082'], ['all', '176', '126643'],
    ]);
    expect(Number(days.find((r) => r.weekday === 'Sun')!.median_rate)).toBeCloseTo(0.05816368923971749, 14);
    // The SQL form of @hashtag on DuckDB: the same 164 rows, the same python row.
    const viaDuckDb = (await table(['rate', file, '--group-by', '@hashtag', '--engine', 'duckdb'])).rows;
    expect(viaDuckDb.map((r) => [r.hashtag, r.posts, r.interactions, r.basis])).toEqual(tags.map((r) => [r.hashtag, r.posts, r.interactions, r.basis]));
    expect(Number(viaDuckDb.find((r) => r.hashtag === 'python')!.median_rate)).toBeCloseTo(0.05770513675783856, 14);
    // Breakouts in SQL on DuckDB: every post's baseline and score as the streaming engine's, in the file's order.
    const streamedPosts = (await table(['rate', file, '--per-post', '--breakouts'])).rows;
    const sqlPosts = (await table(['rate', file, '--per-post', '--breakouts', '--engine', 'duckdb'])).rows;
    expect(sqlPosts.map((r) => [r.published_at, r.baseline_posts, r.unscored, r.breakout])).toEqual(streamedPosts.map((r) => [r.published_at, r.baseline_posts, r.unscored, r.breakout]));
    expect(sqlPosts.map((r) => (r.score === '' ? null : Number(r.score)))).toEqual(streamedPosts.map((r) => (r.score === '' ? null : expect.closeTo(Number(r.score), 9))));
  }, 30_000);
});
