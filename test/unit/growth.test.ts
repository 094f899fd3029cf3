import { readFileSync } from 'node:fs';
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

  it('X’s account daily export has follows and no losses: the change is unknown, and said', async () => {
    const x = ['"Date","Tweets published","impressions","follows"', '"2021-08-01","0","1088","1"', '"2021-08-02","2","1244","2"'].join('\n');
    const { rows, notes } = await compute('growth', x, { until: '2021-09-01' });
    expect([rows[0].gained, rows[0].net_change]).toEqual([3, null]);
    expect(notes).toContain('no column of followers lost (X writes none): net_change needs one, or a followers count');
  });

  it('skips the legacy Facebook Insights description row; TikTok’s Overview has no follower column, and the error says so', async () => {
    const facebook = ['Date,"Daily New Likes","Daily Unlikes"', ',"Daily: The number of new people who have liked your Page.","Daily: The number of Unlikes of your Page."', '2017-10-08,3,1', '2017-10-09,,2'].join('\n');
    const { rows, notes } = await compute('growth', facebook, { until: '2017-11-01' });
    expect([rows[0].days, rows[0].gained, rows[0].lost, rows[0].net_change]).toEqual([2, 3, 3, 0]);
    expect(notes.some((n) => n.startsWith('a row of column descriptions under the header'))).toBe(true);
    const tiktok = ['"Date","Video Views","Profile Views","Likes","Comments","Shares"', '"February 28","0","0","0","0","0"'].join('\n');
    expect((await failure(compute('growth', tiktok))).message).toContain("TikTok Studio's Overview has none");
  });

  it('--week-start without weekly periods has nothing to act on', async () => {
    expect((await failure(compute('growth', 'date,followers\n2026-01-10,100', { weekStart: 'sunday' }))).message).toContain('--week-start has nothing to act on here');
  });
});
