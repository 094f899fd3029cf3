import { describe, expect, it } from 'vitest';
import { hashtagsOf, listedHashtags, normalisedFormat } from '../../src/schema/plans/derived-groups.js';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

// Derived groupings of `engage rate` (social.md "Derived groupings"), with the
// spec's own examples and small files worked by hand.

describe('hashtags of a text', () => {
  it.each([
    ['春の#新商品 を発表', ['新商品']],
    ['#新商品！本日発売', ['新商品']],
    ['＃限定', ['限定']],
    ['#data #dataanalysis#python', ['data', 'dataanalysis', 'python']],
    ['$("#toc")', ['toc']],
    ['#&gt; and # alone', []],
    ['https://example.com/news#2026 and www.example.com/#top', []],
    ['#Sale #sale #SALE', ['sale']],
    ['＃ｓａｌｅ stays full-width', ['ｓａｌｅ']],
    ['#136 counts, as digits', ['136']],
    ['émoji ends it: #café☕ and #한국어', ['café', '한국어']],
    ['', []],
  ])('%s → %j', (text, tags) => {
    expect(hashtagsOf(text)).toEqual(tags);
  });

  it('a hashtags column lists tags with or without their #', () => {
    expect(listedHashtags('#Spring, summer ＃夏')).toEqual(['spring', 'summer', '夏']);
  });
});

describe('formats across platforms', () => {
  it.each([
    ['Photo', 'image'], ['IG image', 'image'], ['CAROUSEL_ALBUM', 'carousel'], ['Shared video', 'video'], ['SharedVideo', 'video'],
    ['Status', 'text'], ['Links', 'link'], ['IG reel', 'reel'], ['Shorts', 'reel'], ['Stories', 'story'], ['Live', 'video'],
  ])('%s is %s', (written, format) => {
    expect(normalisedFormat(written)).toBe(format);
  });

  it('an unknown type is none of them', () => {
    expect(normalisedFormat('Poll')).toBeUndefined();
  });
});

const POSTS = [
  'post_id,published_at,platform,followers,likes,comments,text,post type',
  // 2026-03-02 was a Monday. p1: two tags (once each), the same tag twice in p2 counts once.
  'p1,2026-03-02T09:15:00+09:00,x,1000,40,10,Spring #sale and #新商品,Photo',
  'p2,2026-03-02T21:40:00+09:00,x,1000,20,0,#Sale #sale again,Video',
  'p3,2026-03-03T09:05:00+09:00,x,2000,30,10,no tag here,IG reel',
  'p4,2026-03-08T09:30:00+09:00,x,1000,10,0,,Poll',
  'p5,,x,1000,5,5,#sale undated,Photo',
].join('\n');

describe('engage rate --group-by @…', () => {
  const rows = async (options: Record<string, unknown>) => (await compute('rate', POSTS, options)).rows;

  it('@hashtag: a post once in each of its distinct tags and once in the overall row; untagged posts in (none)', async () => {
    const { rows: table, notes } = await compute('rate', POSTS, { groupBy: ['@hashtag'] });
    const by = Object.fromEntries(table.map((r) => [r.hashtag, [r.posts, r.interactions, r.basis]]));
    // sale: p1 (50 / 1000), p2 (20 / 1000), p5 (10 / 1000); 新商品: p1; (none): p3 and p4 (p4 has no text).
    expect(by).toEqual({ '(none)': [2, 50, 3000], sale: [3, 80, 3000], 新商品: [1, 50, 1000], all: [5, 130, 6000] });
    expect(notes.some((n) => n.includes('without a time'))).toBe(false);
  });

  it('@weekday and @hour in --tz: a post keeps its local clock; one without a time is in no group but in the overall row', async () => {
    const table = await rows({ groupBy: ['@weekday', '@hour'], tz: 'Asia/Tokyo' });
    expect(table.map((r) => [r.weekday, r.hour, r.posts])).toEqual([
      ['Mon', '09', 1], ['Mon', '21', 1], ['Tue', '09', 1], ['Sun', '09', 1], ['all', 'all', 5],
    ]);
    // In UTC, 09:15 in Tokyo is 00:15 on the same Monday, 21:40 is 12:40.
    const utc = await rows({ groupBy: ['@weekday', '@hour'] });
    expect(utc.map((r) => [r.weekday, r.hour])).toEqual([['Mon', '00'], ['Mon', '12'], ['Tue', '00'], ['Sun', '00'], ['all', 'all']]);
    const sunday = await rows({ groupBy: ['@weekday'], tz: 'Asia/Tokyo', weekStart: 'sunday' });
    expect(sunday.map((r) => r.weekday)).toEqual(['Sun', 'Mon', 'Tue', 'all']);
    const { notes } = await compute('rate', POSTS, { groupBy: ['@weekday'] });
    expect(notes).toContain('1 post without a time in no @weekday group (counted in the overall row) (at stdin:6)');
  });

  it('across a DST change a post keeps its local clock hour', async () => {
    // New York: 09:00 EST on 7 March 2026 is 14:00 UTC; 09:00 EDT on 9 March is 13:00 UTC.
    const text = ['published_at,followers,likes', '2026-03-07T14:00:00Z,100,1', '2026-03-09T13:00:00Z,100,2'].join('\n');
    const table = (await compute('rate', text, { groupBy: ['@hour'], tz: 'America/New_York' })).rows;
    expect(table.map((r) => [r.hour, r.posts])).toEqual([['09', 2], ['all', 2]]);
  });

  it('a date without a time of day has a weekday but no hour: in no @hour group, noted, counted overall', async () => {
    const text = ['published_at,followers,likes', '2026-03-02,100,5', '2026-03-03 10:30,100,7', '2026-03-03,100,1'].join('\n');
    const { rows: table, notes } = await compute('rate', text, { groupBy: ['@hour'] });
    expect(table.map((r) => [r.hour, r.posts, r.interactions])).toEqual([['10', 1, 7], ['all', 3, 13]]);
    expect(notes).toContain('2 posts dated without a time of day in no @hour group (counted in the overall row) (at stdin:2, 4)');
    const days = (await compute('rate', text, { groupBy: ['@weekday'] })).rows;
    expect(days.map((r) => [r.weekday, r.posts])).toEqual([['Mon', 1], ['Tue', 2], ['all', 3]]);
  });

  it('a date without a year (TikTok) is an error when a weekday or a baseline needs it, and reads with --year', async () => {
    // TikTok Studio writes "July 16"; 16 July 2025 was a Wednesday, 3 September 2025 a Wednesday, 1 June 2025 a Sunday.
    const text = ['Video title,Post time,Total likes,Total views', '#a,July 16,5,100', '#b,September 3,1,100', 'c,June 1,2,100'].join('\n');
    for (const options of [{ groupBy: ['@weekday'] }, { perPost: true, breakouts: true }]) {
      const error = await failure(compute('rate', text, options));
      expect(error.message).toContain('3 rows with a date without a year in "Post time"; the first was "July 16"');
      expect(error.hints?.join(' ')).toContain('--year');
    }
    const table = (await compute('rate', text, { groupBy: ['@weekday'], year: 2025 })).rows;
    expect(table.map((r) => [r.weekday, r.posts])).toEqual([['Wed', 2], ['Sun', 1], ['all', 3]]);
    // Listing posts needs no year: they are shown as written.
    const listed = (await compute('rate', text, { perPost: true })).rows;
    expect(listed.map((r) => r.published_at)).toEqual(['July 16', 'September 3', 'June 1']);
  });

  it('@format: the post type as one word; an unknown one kept as written and noted', async () => {
    const { rows: table, notes } = await compute('rate', POSTS, { groupBy: ['@format'] });
    expect(table.map((r) => [r.format, r.posts])).toEqual([['image', 2], ['poll', 1], ['reel', 1], ['video', 1], ['all', 5]]);
    expect(notes.some((n) => n.startsWith('1 post of type "Poll", none of video, image'))).toBe(true);
  });

  it('--min-posts leaves thin groups out, says how many, and keeps every post in the overall row', async () => {
    const { rows: table, notes } = await compute('rate', POSTS, { groupBy: ['@hashtag'], minPosts: 2 });
    expect(table.map((r) => [r.hashtag, r.posts])).toEqual([['(none)', 2], ['sale', 3], ['all', 5]]);
    expect(notes).toContain('1 hashtag with fewer than 2 posts left out (--min-posts)');
  });

  it('errors: an unknown grouping, a grouping without its column, --min-posts without groups', async () => {
    expect((await failure(compute('rate', POSTS, { groupBy: ['@day'] }))).message).toContain('--group-by @day: no such grouping');
    const noText = ['published_at,followers,likes', '2026-03-07T14:00:00Z,100,1'].join('\n');
    expect((await failure(compute('rate', noText, { groupBy: ['@hashtag'] }))).message).toContain('needed by --group-by @hashtag');
    expect((await failure(compute('rate', POSTS, { minPosts: 2 }))).message).toContain('--min-posts leaves out thin groups');
  });
});

describe('best time to post', () => {
  // 2026-03-02 was a Monday. Mon 09: 3 posts, median 5 %; Tue 10: 4 posts, median 5 %; Wed 11: 2 posts at 50 %.
  const lines = [
    'published_at,followers,likes',
    '2026-03-02T09:00:00Z,100,4', '2026-03-09T09:10:00Z,100,5', '2026-03-16T09:20:00Z,100,9',
    '2026-03-03T10:00:00Z,100,1', '2026-03-10T10:00:00Z,100,5', '2026-03-17T10:00:00Z,100,5', '2026-03-24T10:00:00Z,100,7',
    '2026-03-04T11:00:00Z,100,50', '2026-03-11T11:00:00Z,100,50',
  ].join('\n');

  it('names the highest median among cells of 3 posts or more; a tie goes to the cell of more posts', async () => {
    const { notes } = await compute('rate', lines, { groupBy: ['@weekday', '@hour'] });
    expect(notes).toContain('best time to post: Tue 10:00–11:00 in UTC, median rate 5.00% over 4 posts (the highest median among cells of 3 posts or more)');
  });

  it('--min-posts raises the bar; with equal posts the earlier weekday wins', async () => {
    const { notes } = await compute('rate', lines, { groupBy: ['@hour', '@weekday'], minPosts: 5 });
    expect(notes).toContain('no weekday and hour has 5 posts or more with a rate: no best time named');
    const even = lines.split('\n').filter((line) => !line.startsWith('2026-03-24')).join('\n');
    expect((await compute('rate', even, { groupBy: ['@weekday', '@hour'] })).notes).toContain(
      'best time to post: Mon 09:00–10:00 in UTC, median rate 5.00% over 3 posts (the highest median among cells of 3 posts or more)',
    );
  });

  it('draws the week as a grid: a row a weekday, each cell shaded by its median and showing its posts', async () => {
    const { doc } = await compute('rate', lines, { groupBy: ['@weekday', '@hour'] });
    const { chartLines } = await import('../../src/format/terminal-charts.js');
    const grid = chartLines(doc.table)!;
    expect(grid[2].startsWith('Mon ')).toBe(true);
    // Hour 09 is the tenth cell of three characters after the five of the label: Mon's 3 posts at 5 % of the highest 50 %.
    expect(grid[2].slice(5 + 9 * 3, 5 + 10 * 3)).toBe('░3 ');
    expect(grid[4].slice(5 + 11 * 3, 5 + 12 * 3)).toBe('█2 ');
    const { renderHtml } = await import('../../src/format/html/page.js');
    expect(renderHtml(doc)).toMatch(/<rect [^>]*data-row="Tue" data-offset="10" data-value="0.05" data-posts="4">/);
  });
});
