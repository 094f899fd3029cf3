import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';

// Rows the platforms write themselves (METRICS.md "Missing values and platform
// rows"), in files written here in the shape of the real exports of
// ../shared/datasets/real-exports (which may not be copied).

describe('rows that are no post', () => {
  // X's content export writes a row per deleted post: no id, no date, a status/undefined link, zeros.
  const X_CONTENT = [
    'Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits',
    '1987315260559167965,"Sun, Nov 9, 2025","a post",https://x.com/a/status/1987315260559167965,1351,5,41,1,0,0,1,2,2',
    ',,,https://x.com/a/status/undefined,0,0,0,0,0,0,0,0,0',
    '1987273397387030810,"Sat, Nov 8, 2025","another",https://x.com/a/status/1987273397387030810,525,7,35,1,1,0,0,3,1',
    ',,,https://x.com/a/status/undefined,0,0,0,0,0,0,0,0,0',
  ].join('\n');

  it("leaves X's rows for deleted posts out with a note, also from --period runs", async () => {
    for (const options of [{}, { period: 'week' }]) {
      const { rows, notes, doc } = await compute('rate', X_CONTENT, options);
      // Likes + Replies + Shares + Reposts + Bookmarks: (5 + 1 + 0 + 2 + 1) + (7 + 0 + 1 + 3 + 1) = 21.
      expect(rows.at(-1)).toMatchObject({ posts: 2, left_out: 0, interactions: 21, basis: 1876 });
      expect(notes).toContain('2 rows with no post id, no date and no counts (X writes one for each deleted post) left out (at stdin:3, 5)');
      expect(doc.inputs[0].rows).toBe(2);
    }
  });

  it('leaves posts without a publish time out of --period runs with a note (YouTube unlisted videos)', async () => {
    const text = ['Content,Video title,Video publish time,Likes,Shares,Impressions', 'Total,,,10,1,300', 'a1,One,"Mar 15, 2025",6,1,200', 'a2,Two,,4,0,0'].join('\n');
    const { rows, notes, doc } = await compute('rate', text, { period: 'month' });
    expect(rows.map((r) => [r.period, r.posts, r.interactions])).toEqual([['2025-03', 1, 7], ['all', 1, 7]]);
    expect(notes).toContain('1 post with a blank "Video publish time" left out: --period, --since and --until need a date (at stdin:4)');
    expect(doc.inputs[0].rows).toBe(2);
  });

  it('a date-only export whose last day closes its month leaves that month complete', async () => {
    const text = 'customer,date\na,2026-01-05\nb,2026-01-31\na,2026-02-28\n';
    const { rows } = await compute('churn', text);
    expect(rows.map((r) => [r.period, r.partial])).toEqual([['2026-01', false], ['2026-02', false], ['all', false]]);
    const { notes } = await compute('churn', 'customer,date\na,2026-01-05\na,2026-02-20\n');
    expect(notes).toContain('2026-02 is partial: the data ends with 2026-02-20, before the period does (pass --until to say when it ends)');
  });
});
