import { MS_PER_DAY } from '../../time/calendar.js';
import type { TimeZone } from '../../time/zone.js';
import type { ListedPost } from './post-list.js';

// Breakout posts (social.md "Breakout posts"): a post's rate against the
// same platform's posts of the baseline window before it, by robust
// statistics — the median, and the MAD scaled by 1.4826 so that it estimates
// a standard deviation — so that one viral post in the baseline does not
// raise the bar for the next.

/** Fewer baseline posts than this and a post is not scored. */
export const MIN_BASELINE = 10;
const MAD_TO_SD = 1.4826;

export interface Breakout {
  baselinePosts: number;
  baselineMedian: number | null;
  baselineMad: number | null;
  score: number | null;
  breakout: boolean | null;
  /** Why a post has no score: no rate, no time, a short baseline, no spread. */
  unscored: string | null;
}

/** Each post's breakout figures, in the posts' order. `windowDays` of calendar days in the zone, `sigma` the bar. */
export function breakouts(posts: readonly ListedPost[], zone: TimeZone, windowDays: number, sigma: number): Breakout[] {
  // The rated, dated posts of each platform in time order: every baseline is a range of them.
  const byPlatform = new Map<string, { at: number; rate: number }[]>();
  for (const post of posts) {
    if (post.rate === null || Number.isNaN(post.publishedAt)) continue;
    const key = post.platform ?? '';
    let list = byPlatform.get(key);
    if (list === undefined) byPlatform.set(key, (list = []));
    list.push({ at: post.publishedAt, rate: post.rate });
  }
  for (const list of byPlatform.values()) list.sort((a, b) => a.at - b.at);

  return posts.map((post): Breakout => {
    const none = (unscored: string, baselinePosts = 0): Breakout => ({ baselinePosts, baselineMedian: null, baselineMad: null, score: null, breakout: null, unscored });
    if (post.rate === null) return none('no rate');
    if (Number.isNaN(post.publishedAt)) return none('no time');
    const list = byPlatform.get(post.platform ?? '')!;
    // The same local clock time W days earlier: W calendar days, an hour more or less across a DST change.
    const local = post.publishedAt + zone.offsetAt(post.publishedAt);
    const from = zone.toUtc(local - windowDays * MS_PER_DAY);
    // Posts at the very same time are not in the baseline.
    const baseline = list.slice(lowerBound(list, from), lowerBound(list, post.publishedAt)).map((other) => other.rate);
    if (baseline.length < MIN_BASELINE) return none('short baseline', baseline.length);
    const median = medianOf(baseline);
    const mad = medianOf(baseline.map((rate) => Math.abs(rate - median)));
    if (mad === 0) return { ...none('no spread', baseline.length), baselineMedian: median, baselineMad: 0 };
    const score = (post.rate - median) / (MAD_TO_SD * mad);
    return { baselinePosts: baseline.length, baselineMedian: median, baselineMad: mad, score, breakout: score > sigma, unscored: null };
  });
}

/** The first index whose time is at or after `at`. */
function lowerBound(list: readonly { at: number }[], at: number): number {
  let [low, high] = [0, list.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle].at < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The median: the mean of the two middle values of an even count. */
function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
