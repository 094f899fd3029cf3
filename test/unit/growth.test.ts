import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

// engage growth (social.md "Follower growth"), worked by hand on
// fixtures/exports/account_daily.csv and on small files.

describe('engage growth', () => {
  it('followers of each period’s latest day, the change against the period before, gains and losses summed', async () => {
    const { rows } = await compute('growth', readFileSync('fixtures/exports/account_daily.csv'), { until: '2026-04-01' });
    const instagram = rows.filter((r) => r.platform === 'instagram');
    // January ends at 1,010 (31st); February at 1,150 (28th): +140, 140 / 1,010; March at 1,149: −1.
    expect(instagram.map((r) => [r.period, r.days, r.followers, r.gained, r.lost, r.net_change])).toEqual([
      ['2026-01', 2, 1010, 26, 6, null], ['2026-02', 3, 1150, 165, 25, 140], ['2026-03', 1, 1149, 3, 4, -1], ['all', 6, 1149, 194, 35, null],
    ]);
    expect(instagram[1].growth_rate).toBeCloseTo(140 / 1010, 12);
    expect(rows.find((r) => r.platform === 'tiktok' && r.period === '2026-02')!.growth_rate).toBeCloseTo(120 / 500, 12);
  });

  it('a period after one without rows has no change; without a followers column the change is gained − lost', async () => {
    const gap = ['date,followers', '2026-01-10,100', '2026-03-10,130', '2026-04-10,143'].join('\n');
    const months = (await compute('growth', gap, { until: '2026-05-01' })).rows.filter((r) => r.period !== 'all');
    expect(months.map((r) => [r.period, r.followers, r.net_change])).toEqual([['2026-01', 100, null], ['2026-02', null, null], ['2026-03', 130, null], ['2026-04', 143, 13]]);
    const flows = ['date,followers_gained,followers_lost', '2026-01-10,10,3', '2026-01-20,5,0'].join('\n');
    const [january] = (await compute('growth', flows, { until: '2026-02-01' })).rows;
    expect([january.gained, january.lost, january.net_change, january.growth_rate]).toEqual([15, 3, 12, null]);
  });

  it('the all row’s followers are the latest count, though the last period has none', async () => {
    const { rows } = await compute('growth', 'date,followers\n2026-01-10,100\n2026-02-10,\n', { until: '2026-03-01' });
    expect(rows.map((r) => [r.period, r.followers])).toEqual([['2026-01', 100], ['2026-02', null], ['all', 100]]);
  });

  it('X’s account daily export has follows and no losses: the change is unknown, and said', async () => {
    const x = ['"Date","Tweets published","impressions","follows"', '"2021-08-01","0","1088","1"', '"2021-08-02","2","1244","2"'].join('\n');
    const { rows, notes } = await compute('growth', x, { until: '2021-09-01' });
    expect([rows[0].gained, rows[0].net_change]).toEqual([3, null]);
    expect(notes).toContain("no column of followers lost (X's and Meta's follows exports have none): net_change needs one, or a followers count");
  });

  it('skips the legacy Facebook Insights description row; TikTok’s Overview has no follower column, and the error says so', async () => {
    const facebook = ['Date,"Daily New Likes","Daily Unlikes"', ',"Daily: The number of new people who have liked your Page.","Daily: The number of Unlikes of your Page."', '2017-10-08,3,1', '2017-10-09,,2'].join('\n');
    const { rows, notes } = await compute('growth', facebook, { until: '2017-11-01' });
    expect([rows[0].days, rows[0].gained, rows[0].lost, rows[0].net_change]).toEqual([2, 3, 3, 0]);
    expect(notes.some((n) => n.startsWith('a row of column descriptions under the header'))).toBe(true);
    const tiktok = ['"Date","Video Views","Profile Views","Likes","Comments","Shares"', '"February 28","0","0","0","0","0"'].join('\n');
    expect((await failure(compute('growth', tiktok))).message).toContain("TikTok Studio's Overview has none");
  });

  // TikTok Studio's FollowerHistory.csv, in its documented shape: "Date","Followers","Difference in followers from previous day",
  // dates without a year, "undefined" on a day without a count; 365 days of it cross a new year.
  const followerHistory = [
    '\uFEFF"Date","Followers","Difference in followers from previous day"',
    '"December 30","undefined","0"', '"December 31","102","0"', '"January 1","107","5"', '"January 2","109","2"',
  ].join('\n');

  it("TikTok's FollowerHistory: \"undefined\" is a day without a count; a new year needs the export's range in --year", async () => {
    const { rows, notes } = await compute('growth', followerHistory, { year: '2025-01-03..2026-01-02', until: '2026-02-01' });
    // December ends at 102 (31st: the 30th has none); January at 109: +7, 7 / 102.
    expect(rows.filter((r) => r.period !== 'all').map((r) => [r.period, r.days, r.followers, r.net_change])).toEqual([['2025-12', 2, 102, null], ['2026-01', 2, 109, 7]]);
    expect(rows[1].growth_rate).toBeCloseTo(7 / 102, 14);
    expect(notes).toContain('1 "Followers" cell written "undefined" (TikTok\'s day without a count): no count that day (at stdin:2)');
    const oneYear = await failure(compute('growth', followerHistory, { year: 2025 }));
    expect(oneYear.message).toBe('the dates go back from "December 31" to "January 1": the export crosses a new year, and one --year puts both in the same one (at stdin:4, 5)');
    expect(oneYear.hints?.[0]).toContain('--year 2025-02-28..2026-02-27');
  });

  it("Meta Business Suite's one-metric export (UTF-16, sep=, a title line, \"Date\",\"Primary\"): the title names Primary", async () => {
    // Only days with a follow are written; "Facebook follows" is followers gained.
    const text = 'sep=,\n"Facebook follows"\n"Date","Primary"\n"2026-01-01T00:00:00","20"\n"2026-01-31T00:00:00","4"\n"2026-02-02T00:00:00","7"\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { rows, notes } = await compute('growth', utf16);
    expect(rows.map((r) => [r.period, r.partial, r.days, r.gained])).toEqual([['2026-01', false, 2, 24], ['2026-02', true, 1, 7], ['all', false, 2, 24]]);
    // A row of a day (T00:00:00) reaches the end of that day: January, whose last day is in the file, is complete.
    expect(notes).toContain('2026-02 is partial: the data ends with 2026-02-02, before the period does (pass --until to say when it ends)');
    const views = Buffer.from('sep=,\n"Views"\n"Date","Primary"\n"2026-01-01T00:00:00","70"\n');
    expect((await failure(compute('growth', views))).message).toContain('no follower counts');
  });

  it('--week-start without weekly periods has nothing to act on', async () => {
    expect((await failure(compute('growth', 'date,followers\n2026-01-10,100', { weekStart: 'sunday' }))).message).toContain('--week-start has nothing to act on here');
  });

  describe('--posts: each post rated by the followers of its day', () => {
    const daily = readFileSync('fixtures/exports/account_daily.csv');
    const posts = 'fixtures/exports/account_posts.csv';

    it('the day’s count, else the latest earlier day’s; per platform (case aside) and period; posts before the first day and of other platforms left out', async () => {
      const { rows, notes } = await compute('growth', daily, { posts, until: '2026-04-01' });
      const figures = (platform: string) => rows.filter((r) => r.platform === platform).map((r) => [r.period, r.posts, r.interactions, r.pooled_rate, r.median_rate]);
      // instagram: p1 50 / 1,000 (30 Jan); p2 "Instagram" 51 / 1,030 (10 Feb: 1 Feb's count) and p3 23 / 1,150 (28 Feb);
      // p4 11 / 1,149 (5 Mar: 1 Mar's, the last day). The median of four: (0.02 + 51 / 1,030) / 2.
      expect(figures('instagram')).toEqual([
        ['2026-01', 1, 50, 0.05, 0.05],
        ['2026-02', 2, 74, 74 / 2180, (51 / 1030 + 0.02) / 2],
        ['2026-03', 1, 11, 11 / 1149, 11 / 1149],
        ['all', 4, 135, 135 / 4329, (51 / 1030 + 0.02) / 2],
      ].map(([period, n, interactions, pooled, median]) => [period, n, interactions, expect.closeTo(pooled as number, 14), expect.closeTo(median as number, 14)]));
      // tiktok: p5 (20 Jan) is before its first day; p6 65 / 500 (3 Feb: 31 Jan's count); p7 62 / 620.
      const tiktok = rows.filter((r) => r.platform === 'tiktok');
      expect(tiktok.map((r) => [r.period, r.posts, r.interactions, r.mean_rate])).toEqual([
        ['2026-01', 0, 0, null], ['2026-02', 2, 127, expect.closeTo(0.115, 14)], ['2026-03', 0, 0, null], ['all', 2, 127, expect.closeTo(0.115, 14)],
      ]);
      expect(notes).toContain("1 post from before the account's first day with a followers count left out of the rates by followers");
      expect(notes).toContain('1 post of youtube, which the account file has no rows of, left out');
    });

    it('the post’s day is in --tz: 20:00 UTC on 28 February is 1 March in Tokyo, with that day’s count and in March', async () => {
      const { rows } = await compute('growth', daily, { posts, until: '2026-04-01', tz: 'Asia/Tokyo' });
      const march = rows.find((r) => r.platform === 'instagram' && r.period === '2026-03')!;
      expect([march.posts, march.interactions]).toEqual([2, 34]);
      expect(march.pooled_rate).toBeCloseTo(34 / 2298, 14);
    });

    it('errors: no followers count to rate by, posts of several platforms for one account, --interactions without --posts', async () => {
      const flows = 'date,followers_gained\n2026-01-30,3\n';
      expect((await failure(compute('growth', flows, { posts }))).message).toContain('--posts rates each post by the followers its account had that day');
      const one = 'date,followers\n2026-01-01,100\n';
      const several = await failure(compute('growth', one, { posts }));
      expect(several.message).toContain('the posts are of 3 platforms (instagram, tiktok, youtube) and the account file is of one account');
      expect((await failure(compute('growth', one, { interactions: ['likes'] }))).message).toContain('--interactions chooses what counts in the posts of --posts');
    });

    it('--interactions chooses the posts’ columns; a bad count in the posts file names its file, line and column', async () => {
      const likes = (await compute('growth', daily, { posts, interactions: ['likes'], until: '2026-04-01' })).rows;
      expect(likes.find((r) => r.platform === 'tiktok' && r.period === 'all')!.interactions).toBe(122);
      const dir = mkdtempSync(join(tmpdir(), 'engage-growth-'));
      const bad = join(dir, 'posts.csv');
      writeFileSync(bad, 'published_at,platform,likes\n2026-02-03T12:00:00Z,tiktok,3\n2026-02-04T12:00:00Z,tiktok,many\n');
      const error = await failure(compute('growth', daily, { posts: bad }));
      expect(error.message).toBe(`1 row with a bad "likes" value: expected a count: a whole or decimal number ≥ 0, like 1234 or "1,234"; the first was "many" (at ${bad}:3)`);
    });
  });
});
