import { BASIS_COLUMNS } from '../../schema/post.js';
import { PostPlan } from '../../schema/plans/posts.js';
import { job } from '../job.js';
import { rateSql } from './sql.js';
import { defineMetric } from '../spec.js';
import { RateOptions } from './options.js';
import { RateState } from './state.js';
import { rateTable } from './table.js';

export const rate = defineMetric({
  name: 'rate',
  summary: 'engagement rate of social posts: pooled, mean and median',
  description: 'Engagement rate of social posts (interactions / followers, reach, impressions or views).',
  rows: 'posts',
  options: RateOptions,
  starter: (sample) =>
    sample.has('reach') || sample.has('followers') || sample.has('impressions') || sample.has('views')
      ? {
          options: { ...(sample.has('platform') ? { groupBy: ['platform'] } : {}), ...(sample.has('published_at') ? { period: 'month' as const } : {}) },
          comment: 'engagement rate',
          failIf: 'pooled_rate < 0',
        }
      : undefined,
  sql: (options, context) => rateSql(options, context),
  create: (options) => {
    const listing = options.perPost ? {} : options.top !== undefined ? { top: options.top } : undefined;
    const plan = new PostPlan({ ...options, listing: listing !== undefined });
    return job(plan, new RateState(options.groupBy.length, listing), (state) => rateTable(state, plan, options), options);
  },
  examples: `Examples:
  engage rate fixtures/posts.csv                          pooled, mean and median rate of all posts
  engage rate fixtures/posts.csv --group-by platform      one row per platform, overall last
  engage rate fixtures/posts.csv --by reach --period month --tz Asia/Tokyo
  engage rate fixtures/posts.csv --interactions likes,comments,shares,clicks --top 5
  engage rate fixtures/posts.csv --per-post --csv > rates.csv
  engage rate fixtures/exports/meta_facebook_posts.csv fixtures/exports/meta_instagram_posts.csv -o rates.json
  engage rate fixtures/exports/x_content_ja.csv --encoding shift_jis --interactions いいね,リポスト
  cat fixtures/real/facebook_metrics.csv | engage rate --by reach --group-by Type --format markdown
`,
  details: `
Interactions are the likes, comments, shares and saves columns the file has
(--interactions picks others; a platform's own "engagements" total is used when
none is there). The basis is the first of ${BASIS_COLUMNS.join(', ')} present, or --by.
Followers should be the count when each post was published.

  per-post rate  = interactions / basis
  pooled_rate    = Σ interactions / Σ basis, over posts whose basis is > 0
  mean_rate      = mean of per-post rates;  median_rate likewise
  daily_rate     = Σ interactions of a day / that day's latest followers (--period day, --by followers)

Posts with a zero or blank basis are counted in posts and left_out, and have no rate.
Headers of Meta Business Suite, Facebook Insights, X, LinkedIn, TikTok and YouTube Studio
exports are recognised; see how with: engage columns FILE
`,
});
