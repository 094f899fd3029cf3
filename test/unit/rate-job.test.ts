import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { failure, rate } from '../helpers/rate.js';

// Line 1 is the header; the comments give each post's hand-worked rate by reach.
const POSTS = [
  'post_id,published_at,platform,followers,reach,likes,comments,shares',
  'a,2026-01-05T10:00:00Z,ig,1000,200,10,5,5', // 20 / 200 = 0.1
  'b,2026-01-06T10:00:00Z,ig,1000,400,30,6,4', // 40 / 400 = 0.1
  'c,2026-01-07T10:00:00Z,fb,500,0,3,0,0', // zero reach: left out
  'd,2026-01-08T10:00:00Z,fb,500,,2,1,0', // blank reach: left out
  'e,2026-01-09T10:00:00Z,fb,500,100,,2,3', // blank likes = 0: 5 / 100 = 0.05
].join('\n');

describe('engage rate, hand-worked', () => {
  it('uses followers by default: the first basis present', async () => {
    const { rows, formula } = await rate(POSTS);
    expect(formula).toContain('rate = (likes + comments + shares) / followers');
    expect(rows).toHaveLength(1);
    // 20/1000, 40/1000, 3/500, 3/500, 5/500 → Σ 71 / Σ 3500; mean 0.082 / 5; median 0.01.
    expect(rows[0]).toMatchObject({ posts: 5, left_out: 0, interactions: 71, basis: 3500 });
    expect(rows[0].pooled_rate).toBeCloseTo(71 / 3500, 15);
    expect(rows[0].mean_rate).toBeCloseTo(0.0164, 15);
    expect(rows[0].median_rate).toBeCloseTo(0.01, 15);
  });

  it('--by reach leaves out zero and blank reach, and says so', async () => {
    const { rows, notes } = await rate(POSTS, { by: 'reach' });
    expect(rows[0]).toMatchObject({ posts: 5, left_out: 2, interactions: 65, basis: 700, median_rate: 0.1 });
    expect(rows[0].pooled_rate).toBeCloseTo(65 / 700, 15);
    expect(rows[0].mean_rate).toBeCloseTo(0.25 / 3, 15);
    expect(notes).toContain('1 blank "likes" cell counted as 0 (at stdin:6)');
    expect(notes).toContain('1 post with a blank "reach" left out of the rates (at stdin:5)');
    expect(notes).toContain('1 post with zero reach was left out of the rates');
  });

  it('--interactions picks the columns, by canonical name or alias', async () => {
    const { rows, formula } = await rate(POSTS, { by: 'reach', interactions: ['like', 'comments'] });
    expect(formula).toContain('rate = (likes + comments) / reach');
    // 15/200, 36/400, 2/100
    expect(rows[0].interactions).toBe(53);
    expect(rows[0].mean_rate).toBeCloseTo((0.075 + 0.09 + 0.02) / 3, 15);
    expect(rows[0].median_rate).toBeCloseTo(0.075, 15);
  });

  it('--interactions also takes any header of the file', async () => {
    const { rows, formula } = await rate('id,reach,Reactions,Link clicks\n1,100,5,2\n', { interactions: ['reactions', 'link clicks'] });
    expect(formula).toContain('(likes + clicks) / reach');
    expect(rows[0].pooled_rate).toBeCloseTo(0.07, 15);
  });

  it("falls back to the platform's engagements total when no interaction column is there", async () => {
    const { rows, formula } = await rate('id,reach,engagements\n1,100,7\n2,50,3\n');
    expect(formula).toContain('rate = engagements / reach');
    expect(rows[0].pooled_rate).toBeCloseTo(10 / 150, 15);
    expect(rows[0].mean_rate).toBeCloseTo(0.065, 15);
  });

  it('--group-by gives sorted groups and the overall row last', async () => {
    const { rows } = await rate(POSTS, { by: 'reach', groupBy: ['platform'] });
    expect(rows.map((r) => r.platform)).toEqual(['fb', 'ig', 'all']);
    expect(rows[0]).toMatchObject({ posts: 3, left_out: 2, interactions: 5, basis: 100, pooled_rate: 0.05, mean_rate: 0.05 });
    expect(rows[1]).toMatchObject({ posts: 2, left_out: 0, interactions: 60, basis: 600, pooled_rate: 0.1, median_rate: 0.1 });
    expect(rows[2]).toMatchObject({ posts: 5, left_out: 2, interactions: 65 });
  });

  it('--group-by sorts numeric labels as numbers, text by its characters, blanks first', async () => {
    const text = 'store,reach,likes\n10,100,1\n2,100,1\n,100,1\n1,100,1\nb,100,1\n2.5,100,1\nA,100,1\n';
    const { rows } = await rate(text, { groupBy: ['store'] });
    expect(rows.map((r) => r.store)).toEqual(['(blank)', '1', '2', '2.5', '10', 'A', 'b', 'all']);
  });

  it('--group-by twice nests the groups', async () => {
    const text = 'platform,type,reach,likes\nig,photo,100,5\nig,reel,100,9\nfb,photo,100,1\nig,photo,300,3\n';
    const { rows } = await rate(text, { groupBy: ['platform', 'type'] });
    expect(rows.map((r) => `${r.platform}/${r.type}`)).toEqual(['fb/photo', 'ig/photo', 'ig/reel', 'all/all']);
    expect(rows[1]).toMatchObject({ posts: 2, interactions: 8, basis: 400, pooled_rate: 0.02 });
  });

  it('--period week crosses the year boundary by ISO weeks, and --week-start sunday moves the cut', async () => {
    const text = [
      'published_at,reach,likes',
      '2025-12-29T09:00:00Z,100,1', // Monday of 2026-W01
      '2026-01-04T09:00:00Z,100,2', // Sunday, still 2026-W01
      '2026-01-05T09:00:00Z,100,4', // Monday of 2026-W02
    ].join('\n');
    const monday = await rate(text, { period: 'week', until: '2026-01-12' });
    expect(monday.rows.map((r) => [r.period, r.posts, r.interactions])).toEqual([
      ['2026-W01', 2, 3],
      ['2026-W02', 1, 4],
      ['all', 3, 7],
    ]);
    const sunday = await rate(text, { period: 'week', weekStart: 'sunday', until: '2026-01-11' });
    expect(sunday.rows.map((r) => [r.period, r.posts, r.interactions])).toEqual([
      ['2026-W01', 1, 1],
      ['2026-W02', 2, 6],
      ['all', 3, 7],
    ]);
  });

  it('--tz Asia/Tokyo moves a late UTC post to the next day', async () => {
    const text = 'published_at,reach,likes\n2026-03-14T10:00:00Z,100,1\n2026-03-14T20:00:00Z,100,2\n';
    const inUtc = await rate(text, { period: 'day' });
    expect(inUtc.rows.map((r) => [r.period, r.posts])).toEqual([['2026-03-14', 2], ['all', 2]]);
    const inTokyo = await rate(text, { period: 'day', tz: 'Asia/Tokyo' });
    expect(inTokyo.rows.map((r) => [r.period, r.posts])).toEqual([['2026-03-14', 1], ['2026-03-15', 1], ['all', 2]]);
  });

  it('marks the last period partial when the data ends before it, and not when --until covers it', async () => {
    const text = 'published_at,reach,likes\n2026-02-10,100,1\n2026-03-13,100,2\n';
    const open = await rate(text, { period: 'month' });
    expect(open.rows.map((r) => [r.period, r.partial])).toEqual([['2026-02', false], ['2026-03', true], ['all', false]]);
    expect(open.notes.some((n) => n.startsWith('2026-03 is partial:'))).toBe(true);
    const closed = await rate(text, { period: 'month', until: '2026-04-01' });
    expect(closed.rows.map((r) => r.partial)).toEqual([false, false, false]);
  });

  it('shows a month without posts between two with posts as an empty row', async () => {
    const { rows } = await rate('published_at,reach,likes\n2026-01-10,100,1\n2026-03-10,100,2\n', { period: 'month', until: '2026-04-01' });
    expect(rows.map((r) => [r.period, r.posts, r.pooled_rate])).toEqual([
      ['2026-01', 1, 0.01],
      ['2026-02', 0, null],
      ['2026-03', 1, 0.02],
      ['all', 2, 0.015],
    ]);
  });

  it('--period day --by followers adds the daily rate: interactions / the latest followers of the day', async () => {
    const text = [
      'published_at,followers,likes',
      '2026-03-14T15:00:00Z,1010,30',
      '2026-03-14T09:00:00Z,1000,20',
      '2026-03-15T09:00:00Z,1020,10',
    ].join('\n');
    const { rows, formula } = await rate(text, { period: 'day', by: 'followers', until: '2026-03-16' });
    expect(formula).toContain('daily_rate');
    expect(rows[0].daily_rate).toBeCloseTo(50 / 1010, 15);
    expect(rows[0].pooled_rate).toBeCloseTo(50 / 2010, 15);
    expect(rows[1].daily_rate).toBeCloseTo(10 / 1020, 15);
    expect(rows[2].daily_rate).toBeNull();
  });

  it('--since is inclusive and --until exclusive', async () => {
    const { rows, notes } = await rate(POSTS, { since: '2026-01-06T10:00:00Z', until: '2026-01-08T10:00:00Z' });
    expect(rows[0].posts).toBe(2); // b and c; d starts exactly at --until
    expect(notes).toContain('3 posts outside --since/--until were not counted');
  });

  it('--per-post lists every post in input order, with no rate for a zero basis', async () => {
    const { rows } = await rate(POSTS, { by: 'reach', perPost: true });
    expect(rows.map((r) => [r.post_id, r.rate])).toEqual([
      ['a', 0.1],
      ['b', 0.1],
      ['c', null],
      ['d', null],
      ['e', 0.05],
    ]);
    expect(rows[3]).toMatchObject({ basis: null, interactions: 3, published_at: '2026-01-08T10:00:00Z', platform: 'fb' });
  });

  it('--top N keeps the best rates, ties in input order', async () => {
    const { rows } = await rate(POSTS, { by: 'reach', top: 2 });
    expect(rows.map((r) => r.post_id)).toEqual(['a', 'b']);
    const three = await rate(POSTS, { by: 'reach', top: 3, tz: 'Asia/Tokyo' });
    expect(three.rows.map((r) => r.post_id)).toEqual(['a', 'b', 'e']);
    expect(three.rows[0].published_at).toBe('2026-01-05T19:00:00+09:00');
  });

  it('reads JSON arrays, NDJSON and gzip the same as CSV', async () => {
    const json = JSON.stringify([
      { post_id: 'a', reach: 200, likes: 20 },
      { post_id: 'b', reach: '400', likes: 40, comments: null },
    ]);
    const fromJson = await rate(json);
    expect(fromJson.rows[0]).toMatchObject({ posts: 2, interactions: 60, basis: 600, pooled_rate: 0.1 });
    const fromNdjson = await rate('{"reach": 200, "likes": 20}\n\n{"reach": 400, "likes": 40}\n');
    expect(fromNdjson.rows[0]).toMatchObject({ posts: 2, pooled_rate: 0.1 });
    const fromGzip = await rate(gzipSync(POSTS), { by: 'reach' });
    expect(fromGzip.rows[0]).toMatchObject({ posts: 5, interactions: 65 });
  });
});

describe('engage rate, bad input', () => {
  it('names file, line, column and value of a bad count, and groups repeats', async () => {
    const text = 'post_id,reach,likes\na,100,5\nb,12abc,5\nc,100,-3\nd,1e400,1\n';
    const error = await failure(rate(text));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('2 rows with a bad "reach" value');
    expect(error.message).toContain('the first was "12abc"');
    expect(error.message).toContain('(at stdin:3, 5)');
    expect(error.message).toContain('1 row with a bad "likes" value');
    expect(error.message).toContain('(at stdin:4)');
  });

  it('reports the line where a multi-line quoted record starts', async () => {
    const text = 'post_id,caption,reach,likes\na,"two\nlines",100,5\nb,"one more\nand\nmore",abc,5\n';
    const error = await failure(rate(text));
    expect(error.message).toContain('(at stdin:4)');
  });

  it('rejects impossible dates instead of rolling them over', async () => {
    const error = await failure(rate('published_at,reach,likes\n2026-02-30,100,5\n', { period: 'day' }));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('"2026-02-30" is not a real date and time');
    expect(error.message).toContain('stdin:2');
  });

  it('--skip-invalid leaves the bad rows out and reports them', async () => {
    const text = 'post_id,reach,likes\na,100,5\nb,12abc,5\nc,100\nd,200,10\n';
    const { rows, notes } = await rate(text, { skipInvalid: true });
    expect(rows[0]).toMatchObject({ posts: 2, interactions: 15, basis: 300 });
    expect(notes.join('\n')).toContain('left out by --skip-invalid: 1 row with a bad "reach" value');
    expect(notes.join('\n')).toContain('left out by --skip-invalid: 1 row with a broken structure: the row has 2 fields but the header has 3');
  });

  it('never pads or cuts a short row', async () => {
    const error = await failure(rate('post_id,reach,likes\na,100,5\nb,100\n'));
    expect(error.exitCode).toBe(65);
    expect(error.message).toBe('stdin:3: the row has 2 fields but the header has 3; a row is never padded or cut');
  });

  it('reports a missing basis from the header, with the accepted names', async () => {
    const error = await failure(rate('post_id,likes\na,5\n'));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('stdin:1: no reach column');
    expect(error.hints?.join('\n')).toContain('"lifetime post total reach"');
  });

  it('--by a basis the file lacks is reported from the header', async () => {
    const error = await failure(rate('reach,likes\n100,5\n', { by: 'followers' }));
    expect(error.message).toContain('no followers column, needed by --by followers');
  });

  it('refuses a used column whose header appears twice', async () => {
    const error = await failure(rate('reach,likes,Likes\n100,5,6\n'));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('the header "likes" appears 2 times');
  });

  it('turns an unknown time zone or --since into a usage error', async () => {
    expect((await failure(rate('reach,likes\n1,1\n', { tz: 'Mars/Olympus' }))).exitCode).toBe(2);
    expect((await failure(rate('reach,likes\n1,1\n', { since: 'last tuesday' }))).exitCode).toBe(2);
  });
});

describe('engage rate, native export quirks', () => {
  it("skips Meta's column-description row and says so", async () => {
    const text = 'Post ID,Lifetime Post Total Reach,like\n,Lifetime: The number of people,Lifetime: likes\n1,100,7\n';
    const { rows, notes } = await rate(text);
    expect(rows[0]).toMatchObject({ posts: 1, pooled_rate: 0.07 });
    expect(notes[0]).toContain('column-description row under the header');
  });

  it("skips YouTube's Total row and says so", async () => {
    const text = 'Content,Video publish time,Views,Likes\nTotal,,300,30\nabc,"Mar 3, 2026",100,10\nxyz,"Mar 9, 2026",200,20\n';
    const { rows, notes } = await rate(text);
    expect(rows[0]).toMatchObject({ posts: 2, interactions: 30, basis: 300 });
    expect(notes[0]).toContain('Total row');
  });

  it('reads a Total row that is a real post when it has a date', async () => {
    const text = 'Content,Video publish time,Views,Likes\nTotal,"Mar 1, 2026",300,30\n';
    const { rows } = await rate(text);
    expect(rows[0].posts).toBe(1);
  });

  it('reads thousands separators', async () => {
    const { rows } = await rate('reach,likes\n"1,000","1,234"\n');
    expect(rows[0]).toMatchObject({ basis: 1000, interactions: 1234 });
  });
});
