import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, engage, ROOT } from '../helpers/cli.js';

// engage on the files that their owners exported and published
// (../shared/datasets/real-exports, with provenance; most may not be copied
// into this repository, so they are read where they are). Every expected
// figure was computed with Python's csv and statistics modules over the same
// files, independently of engage: interactions and bases summed over the rows
// that are posts, rates as defined in METRICS.md.

const REAL = join(ROOT, '..', 'shared', 'datasets', 'real-exports');
const at = (path: string) => join(REAL, path);

/** The overall row of `engage rate`, as numbers. */
async function overall(args: string[]) {
  const { code, stdout, stderr } = await engage(['rate', ...args]);
  expect(code, stderr).toBe(0);
  const row = csvRows(stdout).at(-1)!;
  return { posts: Number(row.posts), left_out: Number(row.left_out), interactions: Number(row.interactions), basis: Number(row.basis), pooled: Number(row.pooled_rate), mean: Number(row.mean_rate), median: Number(row.median_rate), stderr };
}

function expectFigures(actual: Awaited<ReturnType<typeof overall>>, expected: { posts: number; left_out: number; interactions: number; basis: number; pooled: number; mean: number; median: number }) {
  expect({ posts: actual.posts, left_out: actual.left_out, interactions: actual.interactions, basis: actual.basis }).toEqual({ posts: expected.posts, left_out: expected.left_out, interactions: expected.interactions, basis: expected.basis });
  for (const key of ['pooled', 'mean', 'median'] as const) expect(actual[key], key).toBeCloseTo(expected[key], 14);
}

describe.runIf(existsSync(REAL))('real exports (../shared/datasets/real-exports)', () => {
  it("X's legacy tweet activity: one account's twelve monthly files of 2021 as one data set", async () => {
    const files = readdirSync(at('x_tweet_activity/debruine_2021')).map((f) => at(`x_tweet_activity/debruine_2021/${f}`));
    const figures = await overall(files);
    expectFigures(figures, { posts: 3087, left_out: 0, interactions: 34265, basis: 6506471, pooled: 0.005266295661657448, mean: 0.01168422356974152, median: 0.00713063320022818 });
    expect(figures.stderr).toContain('rate = (likes + comments + reposts) / impressions');
  });

  it("X's content export: Reposts and Shares both count; the rows for deleted posts are left out", async () => {
    const figures = await overall([at('x_content/account_analytics_content_2025-11-02_2025-11-09.csv')]);
    expectFigures(figures, { posts: 22, left_out: 0, interactions: 1998, basis: 569966, pooled: 0.0035054722562398457, mean: 0.00987530969658266, median: 0.008190096087736656 });
    expect(figures.stderr).toContain('2 rows with no post id, no date and no counts (X writes one for each deleted post) left out');
    // A header names that column alone: Reposts is 377, never the Shares column.
    expect((await overall([at('x_content/account_analytics_content_2025-11-02_2025-11-09.csv'), '--interactions', 'Reposts'])).interactions).toBe(377);
  });

  it('YouTube Studio: the Total row is no video; unlisted videos without a publish time leave --period runs with a note', async () => {
    expectFigures(await overall([at('youtube/areikher_Table data.csv')]), { posts: 71, left_out: 3, interactions: 1522, basis: 36711, pooled: 0.04145896325352074, mean: 0.10822173262916113, median: 0.059670502506308204 });
    expectFigures(await overall([at('youtube/oisinqueva_Table data.csv')]), { posts: 102, left_out: 0, interactions: 3562, basis: 17946, pooled: 0.1984843419146328, mean: 0.21407000225258369, median: 0.1260593220338983 });
    const monthly = await engage(['rate', at('youtube/areikher_Table data.csv'), '--period', 'month']);
    expect(monthly.code).toBe(0);
    expect(monthly.stderr).toContain('3 posts with a blank "Video publish time" left out');
  });

  it('TikTok Studio: the overall rate needs no year; --period names --year, and with it the posts fall in their months', async () => {
    expectFigures(await overall([at('tiktok/Content.csv')]), { posts: 13, left_out: 0, interactions: 4455, basis: 537161, pooled: 0.008293602849052705, mean: 0.011456418079252486, median: 0.002553894689401337 });
    const stopped = await engage(['rate', at('tiktok/Content.csv'), '--period', 'month', '--skip-invalid']);
    expect(stopped.code).toBe(65);
    expect(stopped.stderr).toContain('--year');
    const dated = await engage(['rate', at('tiktok/Content.csv'), '--period', 'month', '--year', '2025']);
    expect(csvRows(dated.stdout).at(-1)).toMatchObject({ posts: '13', interactions: '4455', basis: '537161' });
  });

  it("the legacy Facebook Insights post export: stories over reach, the description row skipped", async () => {
    expectFigures(await overall([at('facebook_insights_legacy/favstats_post_stats.csv')]), { posts: 192, left_out: 3, interactions: 9294, basis: 210230, pooled: 0.044208723778718546, mean: 0.054750175890147676, median: 0.0510783200908059 });
  });

  it('Shopify orders: e-mail customers, orders by Name, Total once per order; guest orders need --where', async () => {
    const stopped = await engage(['repeat', at('orders/shopify_orders_export_1.csv')]);
    expect(stopped.code).toBe(65);
    expect(stopped.stderr).toContain("--where 'Email!='");
    const { code, stdout } = await engage(['repeat', at('orders/shopify_orders_export_1.csv'), '--where', 'Email!=']);
    expect(code).toBe(0);
    expect(csvRows(stdout)[0]).toMatchObject({ customers: '298', repeat_customers: '43', orders: '390', revenue: '71789.69' });
  });

  it('the Botanic survey (R, latin-1, NA): --encoding, then NPS; satisfaction on 1–10 asks for --scale', async () => {
    const survey = at('surveys/botanic_nps.csv');
    const latin = await engage(['nps', survey]);
    expect(latin.code).toBe(65);
    expect(latin.stderr).toContain('--encoding latin1');
    const nps = csvRows((await engage(['nps', survey, '--encoding', 'latin1'])).stdout)[0];
    expect(nps).toMatchObject({ responses: '13612', promoters: '8465', detractors: '1194' });
    expect(Number(nps.nps)).toBeCloseTo(53.41610343814281, 12);
    const scale = await engage(['csat', survey, '--encoding', 'latin1', '--map', 'score=satisfaction']);
    expect(scale.code).toBe(65);
    expect(scale.stderr).toContain('--scale 1-10');
    const csat = csvRows((await engage(['csat', survey, '--encoding', 'latin1', '--map', 'score=satisfaction', '--scale', '1-10'])).stdout)[0];
    expect(csat).toMatchObject({ responses: '13893', satisfied: '7303' });
    expect(Number(csat.mean_score)).toBeCloseTo(8.34938458216368, 12);
  });

  it("Olist's order reviews: CSAT of review_score; read as NPS it stops and points to csat", async () => {
    const reviews = at('surveys/olist_order_reviews_sample.csv');
    expect(csvRows((await engage(['csat', reviews])).stdout)[0]).toMatchObject({ responses: '62', satisfied: '49' });
    const nps = await engage(['nps', reviews]);
    expect(nps.code).toBe(65);
    expect(nps.stderr).toContain('engage csat');
  });

  describe("social depth on X's legacy tweet activity (debruine_2021, 3,087 tweets; figures from test/independent/social_depth.py: Python's csv, re, statistics and zoneinfo)", () => {
    const files = () => readdirSync(at('x_tweet_activity/debruine_2021')).map((f) => at(`x_tweet_activity/debruine_2021/${f}`));
    const table = async (args: string[]) => {
      const { code, stdout, stderr } = await engage(['rate', ...files(), ...args]);
      expect(code, stderr).toBe(0);
      return { rows: csvRows(stdout), stderr };
    };

    it('--group-by @hashtag: 77 tags; the five most used as Python finds them', async () => {
      const { rows } = await table(['--group-by', '@hashtag', '--format', 'csv']);
      expect(rows.length).toBe(78);
      const expected: Record<string, [number, number, number, number, number]> = {
        '(none)': [2824, 27081, 5076784, 0.0053342824906476224, 0.007546220720549713],
        rstats: [92, 3664, 759674, 0.004823121496852597, 0.003482514578890524],
        psyteachr: [53, 1663, 265911, 0.006253972193703909, 0.007433530408325554],
        shiny: [17, 588, 129062, 0.004555949853558755, 0.0036231884057971015],
        lrnscichat: [10, 182, 41138, 0.004424133404638047, 0.004501357582075682],
      };
      for (const [tag, [posts, interactions, basis, pooled, median]] of Object.entries(expected)) {
        const row = rows.find((r) => r.hashtag === tag)!;
        expect([Number(row.posts), Number(row.interactions), Number(row.basis)], tag).toEqual([posts, interactions, basis]);
        expect(Number(row.pooled_rate)).toBeCloseTo(pooled, 14);
        expect(Number(row.median_rate)).toBeCloseTo(median, 14);
      }
      expect(rows.at(-1)!.posts).toBe('3087');
    });

    it('--group-by @weekday --group-by @hour in Europe/London: 143 cells, and the best time', async () => {
      const { rows, stderr } = await table(['--group-by', '@weekday', '--group-by', '@hour', '--tz', 'Europe/London', '--format', 'csv']);
      expect(rows.length).toBe(144);
      const cell = (day: string, hour: string) => rows.find((r) => r.weekday === day && r.hour === hour)!;
      expect([cell('Mon', '09').posts, cell('Mon', '09').interactions, cell('Mon', '09').basis]).toEqual(['42', '310', '57576']);
      expect(Number(cell('Fri', '15').median_rate)).toBeCloseTo(0.006271805364926729, 14);
      expect(Number(cell('Sun', '21').pooled_rate)).toBeCloseTo(0.007956600361663653, 14);
      expect(stderr).toContain('best time to post: Fri 07:00–08:00 in Europe/London, median rate 2.08% over 19 posts');
    });

    it('--per-post --breakouts: 3,077 tweets scored, 339 breakouts, the highest score 20.6', async () => {
      const { rows } = await table(['--per-post', '--breakouts', '--tz', 'Europe/London', '--format', 'csv']);
      const scored = rows.filter((r) => r.score !== '');
      expect([scored.length, scored.filter((r) => r.breakout === 'true').length]).toEqual([3077, 339]);
      const top = rows.find((r) => r.post_id === '1439227921810563083')!;
      expect([top.baseline_posts, Number(top.score)]).toEqual(['778', expect.closeTo(20.603098710117756, 10)]);
      const first = rows.find((r) => r.post_id === '1345858065187418112')!;
      expect([first.baseline_posts, Number(first.score)]).toEqual(['10', expect.closeTo(0.31364530895753323, 10)]);
    });
  });

  it("engage growth on the legacy Facebook Insights page export (91 days): each month's Daily New Likes and Daily Unlikes, as Python sums them", async () => {
    const { code, stdout, stderr } = await engage(['growth', at('facebook_insights_legacy/favstats_pages_daily.csv')]);
    expect(code, stderr).toBe(0);
    const months = csvRows(stdout).filter((r) => r.period !== 'all');
    expect(months.map((r) => [r.period, r.days, r.gained, r.lost, r.net_change])).toEqual([
      ['2017-10', '24', '36', '10', '26'], ['2017-11', '30', '7417', '142', '7275'], ['2017-12', '31', '416', '194', '222'], ['2018-01', '6', '401', '29', '372'],
    ]);
    expect(stderr).toContain('a row of column descriptions under the header (as the legacy Facebook Insights export writes) skipped');
  });

  it("YouTube Studio's Table data by the weekday of each video's publish date: test/independent/social_depth.py's figures", async () => {
    const { code, stdout, stderr } = await engage(['rate', at('youtube/areikher_Table data.csv'), '--group-by', '@weekday', '--format', 'csv']);
    expect(code, stderr).toBe(0);
    const days = csvRows(stdout);
    expect(days.map((r) => [r.weekday, r.posts, r.interactions, r.basis])).toEqual([
      ['Mon', '9', '206', '2061'], ['Tue', '13', '244', '7252'], ['Wed', '9', '119', '2677'], ['Thu', '8', '199', '3915'], ['Fri', '12', '257', '9286'], ['Sat', '10', '310', '7032'], ['Sun', '7', '187', '4488'], ['all', '71', '1522', '36711'],
    ]);
    expect(Number(days[3].median_rate)).toBeCloseTo(0.09008157311868618, 14);
  });

  it("TikTok Studio's Content.csv (dates without a year) by weekday with --year 2025 and by hashtag of its titles: test/independent/social_depth.py's figures", async () => {
    const missing = await engage(['rate', at('tiktok/Content.csv'), '--group-by', '@weekday']);
    expect(missing.code).toBe(65);
    expect(missing.stderr).toContain('pass --year');
    const { code, stdout, stderr } = await engage(['rate', at('tiktok/Content.csv'), '--group-by', '@weekday', '--year', '2025', '--format', 'csv']);
    expect(code, stderr).toBe(0);
    const days = csvRows(stdout);
    expect(days.map((r) => [r.weekday, r.posts, r.interactions, r.basis])).toEqual([
      ['Mon', '1', '70', '13332'], ['Tue', '5', '1680', '84394'], ['Wed', '3', '731', '362945'], ['Thu', '1', '3', '14273'], ['Fri', '1', '75', '20149'], ['Sat', '2', '1896', '42068'], ['all', '13', '4455', '537161'],
    ]);
    expect(Number(days[1].median_rate)).toBeCloseTo(0.002553894689401337, 14);
    expect(Number(days[5].median_rate)).toBeCloseTo(0.031158430447349963, 14);
    const tags = csvRows((await engage(['rate', at('tiktok/Content.csv'), '--group-by', '@hashtag', '--format', 'csv'])).stdout);
    expect(tags.length).toBe(21); // 20 labels (19 tags and (none)), then the overall row
    expect(tags.find((r) => r.hashtag === '(none)')).toMatchObject({ posts: '9', interactions: '2223', basis: '297402' });
  });

  it('the legacy Facebook Insights post export by format (Photo, Status, Link, Video and SharedVideo as one word each): test/independent/social_depth.py', async () => {
    const { code, stdout, stderr } = await engage(['rate', at('facebook_insights_legacy/favstats_post_stats.csv'), '--group-by', '@format', '--format', 'csv']);
    expect(code, stderr).toBe(0);
    const rows = csvRows(stdout);
    expect(rows.map((r) => [r.format, r.posts, r.interactions, r.basis])).toEqual([
      ['(blank)', '3', '9', '518'], ['image', '39', '3447', '46082'], ['link', '80', '3576', '108426'], ['text', '44', '1611', '21048'], ['video', '26', '651', '34156'], ['all', '192', '9294', '210230'],
    ]);
    expect(Number(rows[3].median_rate)).toBeCloseTo(0.08067542213883677, 14);
  });
});
