import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

// Breakout posts (social.md "Breakout posts"), worked by hand: ten posts of x
// at rates 1 % … 10 %, one a day at noon from 1 January, then three more.

const header = 'post_id,published_at,platform,followers,likes';
const ten = Array.from({ length: 10 }, (_, i) => `b${i + 1},2026-01-${String(i + 1).padStart(2, '0')}T12:00:00Z,x,100,${i + 1}`);
const LINES = [
  header,
  ...ten,
  // The baseline's median is (5 % + 6 %) / 2 = 5.5 %; its MAD the median of |rate − 5.5 %| = 2.5 %.
  'p11,2026-01-11T12:00:00Z,x,100,20',
  // At the very same time as p11: p11 is not in its baseline.
  'p12,2026-01-11T12:00:00Z,x,100,5',
  'y1,2026-01-11T12:00:00Z,y,100,50',
  // Twelve posts before it, p11's 20 % among them: the median and MAD do not move.
  'p13,2026-01-12T12:00:00Z,x,1000,148',
].join('\n');

const scored = async (options: Record<string, unknown> = {}) => {
  const { rows, notes } = await compute('rate', LINES, { perPost: true, breakouts: true, ...options });
  return { byId: Object.fromEntries(rows.map((r) => [r.post_id, r])), notes };
};

describe('rate --per-post --breakouts', () => {
  it('scores a post by the median and 1.4826 × MAD of its platform’s posts before it', async () => {
    const { byId } = await scored();
    const sd = 1.4826 * 0.025;
    expect(byId.p11.baseline_posts).toBe(10);
    expect(byId.p11.baseline_median).toBeCloseTo(0.055, 12);
    expect(byId.p11.baseline_mad).toBeCloseTo(0.025, 12);
    expect(byId.p11.score).toBeCloseTo((0.2 - 0.055) / sd, 9);
    expect(byId.p11.breakout).toBe(true);
    expect([byId.p12.baseline_posts, byId.p12.breakout]).toEqual([10, false]);
    expect(byId.p12.score).toBeCloseTo((0.05 - 0.055) / sd, 9);
    expect([byId.p13.baseline_posts, byId.p13.baseline_median, byId.p13.baseline_mad]).toEqual([12, expect.closeTo(0.055, 12), expect.closeTo(0.025, 12)]);
    expect(byId.p13.score).toBeCloseTo((0.148 - 0.055) / sd, 9);
    expect(byId.p13.breakout).toBe(false);
  });

  it('--sigma sets the bar (strictly above); another platform and a short window leave posts unscored', async () => {
    const { byId, notes } = await scored({ sigma: 2.5 });
    expect(byId.p13.breakout).toBe(true);
    expect([byId.y1.baseline_posts, byId.y1.score, byId.y1.unscored]).toEqual([0, null, 'short baseline']);
    expect(notes).toContain('11 posts with fewer than 10 posts of its platform in the 12w before it: not scored');
    // One week before p13: 5 … 10 January and the two posts of the 11th.
    const week = await scored({ baseline: '1w' });
    expect([week.byId.p13.baseline_posts, week.byId.p13.unscored]).toEqual([8, 'short baseline']);
  });

  it('no spread: a baseline of equal rates gives no score, never Infinity', async () => {
    const flat = [header, ...Array.from({ length: 10 }, (_, i) => `f${i},2026-02-${String(i + 1).padStart(2, '0')}T12:00:00Z,x,100,3`), 'g,2026-02-11T12:00:00Z,x,100,9'].join('\n');
    const g = (await compute('rate', flat, { perPost: true, breakouts: true })).rows.find((r) => r.post_id === 'g')!;
    expect([g.baseline_posts, g.baseline_mad, g.score, g.breakout, g.unscored]).toEqual([10, 0, null, null, 'no spread']);
  });

  it('the window is calendar days in --tz: across the start of summer time one day is 23 hours', async () => {
    // New York moved its clocks on 8 March 2026. A post at 09:00 EDT (13:00 UTC) looks back to 09:00 EST on the 7th (14:00 UTC).
    const dst = [header, 'a,2026-03-07T13:30:00Z,x,100,1', 'b,2026-03-08T13:00:00Z,x,100,1'].join('\n');
    const inNewYork = (await compute('rate', dst, { perPost: true, breakouts: true, baseline: '1d', tz: 'America/New_York' })).rows;
    expect(inNewYork.find((r) => r.post_id === 'b')!.baseline_posts).toBe(0);
    const inUtc = (await compute('rate', dst, { perPost: true, breakouts: true, baseline: '1d' })).rows;
    expect(inUtc.find((r) => r.post_id === 'b')!.baseline_posts).toBe(1);
  });

  it('options that need another are errors', async () => {
    expect((await failure(compute('rate', LINES, { breakouts: true }))).message).toContain('--breakouts scores each post: add --per-post');
    expect((await failure(compute('rate', LINES, { perPost: true, sigma: 2 }))).message).toContain('--sigma sets how breakouts are scored');
  });

  it('HTML marks the breakouts on the timeline of the posts’ rates', async () => {
    const { doc } = await compute('rate', LINES, { perPost: true, breakouts: true });
    const { renderHtml } = await import('../../src/format/html/page.js');
    const points = [...renderHtml(doc).matchAll(/<circle [^>]*data-post="([^"]+)" data-value="([^"]+)" data-breakout="(true|false)">/g)].map((m) => [m[1], m[3]]);
    expect(points.length).toBe(14);
    expect(points.filter(([, breakout]) => breakout === 'true').map(([post]) => post)).toEqual(['p11']);
  });
});
