import { DataError } from '../../errors.js';
import { counted } from '../../notes/plural.js';
import { MS_PER_DAY } from '../../time/calendar.js';
import type { Periods } from '../../time/periods.js';
import type { TimeZone } from '../../time/zone.js';
import { EngagementRate } from '../rate/engagement-rate.js';
import type { ListedPost } from '../rate/post-list.js';
import type { AccountDay } from './state.js';

// engage growth --posts (social.md "Follower growth"): each post rated by the
// followers its account had when it was posted — the count of the post's day
// in --tz, else of the latest earlier day with one — per platform and period.

/** One account: its label (the platform, or '' without a platform column) and its days, in order. */
export interface AccountHistory {
  label: string;
  days: readonly (readonly [number, AccountDay])[];
}

export interface PostingRates {
  /** Per account label: the rates of each period's posts, and of all its posts. */
  byAccount: Map<string, { periods: Map<number, EngagementRate>; all: EngagementRate }>;
  notes: string[];
}

export function postingRates(posts: readonly ListedPost[], accounts: readonly AccountHistory[], periods: Periods, zone: TimeZone, postsFile: string): PostingRates {
  const byAccount = new Map(accounts.map((a) => [a.label, { periods: new Map<number, EngagementRate>(), all: new EngagementRate() }]));
  const counts = new Map(accounts.map((a) => [a.label, a.days.filter(([, day]) => !Number.isNaN(day.followers))]));
  const accountOf = matcher(posts, accounts, postsFile);
  const left = { undated: 0, early: 0, platforms: new Map<string, number>() };
  for (const post of posts) {
    const label = accountOf(post);
    if (label === undefined) {
      const platform = post.platform || '(blank)';
      left.platforms.set(platform, (left.platforms.get(platform) ?? 0) + 1);
      continue;
    }
    if (Number.isNaN(post.publishedAt)) {
      left.undated++;
      continue;
    }
    const day = Math.floor((post.publishedAt + zone.offsetAt(post.publishedAt)) / MS_PER_DAY);
    const followers = latestOnOrBefore(counts.get(label)!, day);
    if (followers === undefined) {
      left.early++;
      continue;
    }
    const rated = { interactions: post.interactions, basis: followers, publishedAt: post.publishedAt };
    const account = byAccount.get(label)!;
    const key = periods.keyOf(post.publishedAt);
    let rate = account.periods.get(key);
    if (rate === undefined) account.periods.set(key, (rate = new EngagementRate()));
    rate.add(rated);
    account.all.add(rated);
  }
  const notes: string[] = [];
  if (left.undated > 0) notes.push(`${counted(left.undated, 'post')} without a date left out of the rates by followers`);
  if (left.early > 0) notes.push(`${counted(left.early, 'post')} from before the account's first day with a followers count left out of the rates by followers`);
  for (const [platform, n] of left.platforms) notes.push(`${counted(n, 'post')} of ${platform}, which the account file has no rows of, left out`);
  return { byAccount, notes };
}

/**
 * Which account a post is of: the one of its platform (case aside). One account and posts without a
 * platform match each other; anything else that would have to guess is an error.
 */
function matcher(posts: readonly ListedPost[], accounts: readonly AccountHistory[], postsFile: string): (post: ListedPost) => string | undefined {
  const platformed = accounts.some((a) => a.label !== '');
  const postPlatforms = [...new Map(posts.flatMap((p) => (p.platform ? [[p.platform.toLowerCase(), p.platform] as const] : []))).values()];
  if (!platformed) {
    if (postPlatforms.length > 1) {
      throw new DataError({ file: postsFile }, `the posts are of ${postPlatforms.length} platforms (${postPlatforms.join(', ')}) and the account file is of one account, with no platform column`, [
        "give the posts of the account's platform alone, or add a platform column to the account file",
      ]);
    }
    const only = accounts[0]?.label;
    return () => only;
  }
  const byName = new Map(accounts.map((a) => [a.label.toLowerCase(), a.label]));
  if (posts.some((p) => p.platform === undefined)) {
    if (accounts.length > 1) {
      throw new DataError({ file: postsFile }, `the posts have no platform column and the account file has ${accounts.length} platforms (${accounts.map((a) => a.label).join(', ')}): a post's account is unknown`, [
        'add a platform column to the posts file (--map does not reach it), or give one platform\'s account rows',
      ]);
    }
    const only = accounts[0].label;
    return (post) => (post.platform === undefined ? only : byName.get(post.platform.toLowerCase()));
  }
  return (post) => byName.get((post.platform ?? '').toLowerCase());
}

/** The followers of the latest day at or before `day`, from days in order. */
function latestOnOrBefore(days: readonly (readonly [number, AccountDay])[], day: number): number | undefined {
  let [low, high] = [0, days.length - 1];
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (days[middle][0] <= day) {
      found = days[middle][1].followers;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
