import { z } from 'zod';
import { countColumn, textColumn, timestampColumn } from './columns.js';

// One row per day of an account (social.md "Follower growth"): its followers
// at the day's end, or the followers it gained and lost that day. Aliases
// cover the account-level daily exports: the legacy Facebook Insights page
// export (a page's likes were its audience), X's account daily export,
// YouTube Studio's daily table, TikTok Studio's FollowerHistory.csv, and Meta
// Business Suite's one-metric exports, whose value column the reader names by
// the file's title ("Facebook follows", see io/csv.ts).

export const AccountRow = z.object({
  date: timestampColumn('the day the row is of', ['day', 'date (utc)', '日付', '日']),
  platform: textColumn('the network the account is on', ['network', 'channel', 'source', 'プラットフォーム', 'SNS']),
  followers: countColumn('followers at the end of the day', [
    'total followers', 'follower count', 'followers count', 'subscribers', 'lifetime total likes', 'page total likes', 'page followers', 'フォロワー数', 'フォロワー',
  ]),
  followers_gained: countColumn('followers gained that day', [
    'new followers', 'follows', 'subscribers gained', 'daily new likes', 'new likes', 'gained', '新規フォロワー', 'facebook follows', 'instagram follows',
  ]),
  followers_lost: countColumn('followers lost that day', ['unfollows', 'subscribers lost', 'daily unlikes', 'unlikes', 'lost', 'フォロー解除']),
});
export type AccountRow = z.output<typeof AccountRow>;
