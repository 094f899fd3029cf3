import { BASIS_COLUMNS } from '../../schema/post.js';
import { PostPlan } from '../../schema/plans/posts.js';
import { job } from '../job.js';
import { UsageError } from '../../errors.js';
import { derivedGroupOf, weekdayOrder } from '../../schema/plans/derived-groups.js';
import { rateSql } from './sql.js';
import { postListFromSql, postListSql } from './post-list-sql.js';
import { defineMetric } from '../spec.js';
import { RateOptions } from './options.js';
import { RateState } from './state.js';
import { bestTimeNote, rateTable, thinGroupsNote } from './table.js';
import { snakeCase } from '../../schema/columns.js';

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
  // A listing of posts (--per-post, --top) is a statement of its own.
  sqlNeedsTimeOfDay: (options) => (options.groupBy.some((name) => derivedGroupOf(name) === '@hour') ? 'has no hour (engage leaves such posts out of every @hour group)' : undefined),
  sql: (options, context) => (options.perPost || options.top !== undefined ? postListSql(options, context) : rateSql(options, context)),
  // The best time to post is named from the SQL result's cells, as from the streaming engine's.
  tableFromSql: (skeleton, names, result, options) => {
    if (options.perPost || options.top !== undefined) return postListFromSql(skeleton, result, options);
    // --min-posts: how many thin groups the statement left out, in its last column.
    const thinAt = options.minPosts === undefined ? -1 : (result[0]?.length ?? names.length) - 1;
    const thin = thinAt < 0 ? [] : thinGroupsNote(Number(result[0]?.[thinAt] ?? 0), options);
    const rows = thinAt < 0 ? result : result.map((row) => row.filter((_, i) => i !== thinAt));
    const at = (name: string) => skeleton.columns.findIndex((c) => c.name === name);
    const groups = options.groupBy.map((name) => at(snakeCase(name)));
    const [posts, median] = [at('posts'), at('median_rate')];
    const cells = rows.filter((row) => row[groups[0]] !== 'all').map((row) => ({ values: groups.map((g) => String(row[g])), posts: Number(row[posts]), median: typeof row[median] === 'number' ? row[median] : null }));
    return { table: { ...skeleton, rows }, notes: [...thin, ...(options.period === undefined ? bestTimeNote(cells, options) : [])] };
  },
  create: (options) => {
    const listing = options.perPost ? {} : options.top !== undefined ? { top: options.top } : undefined;
    if (options.breakouts && !options.perPost) throw new UsageError('--breakouts scores each post: add --per-post', ['engage rate FILE --per-post --breakouts']);
    if (!options.breakouts && (options.sigma !== undefined || options.baseline !== undefined)) throw new UsageError(`${options.sigma !== undefined ? '--sigma' : '--baseline'} sets how breakouts are scored: add --breakouts`, ['engage rate FILE --per-post --breakouts --sigma 3 --baseline 12w']);
    if (options.minPosts !== undefined && options.groupBy.length === 0) throw new UsageError('--min-posts leaves out thin groups: there are none without --group-by', ['add --group-by, e.g. --group-by @hashtag']);
    const derived = options.groupBy.map(derivedGroupOf);
    const plan = new PostPlan({ ...options, listing: listing !== undefined, timed: options.breakouts === true });
    const grouping = { derived: derived.some((d) => d !== undefined), orders: derived.map((d) => (d === '@weekday' ? weekdayOrder(options.weekStart) : undefined)) };
    return job(plan, new RateState(options.groupBy.length, listing, grouping), (state) => rateTable(state, plan, options), options);
  },
  examples: `Examples:
  engage rate fixtures/posts.csv                          pooled, mean and median rate of all posts
  engage rate fixtures/posts.csv --group-by platform      one row per platform, overall last
  engage rate fixtures/posts.csv --by reach --period month --tz Asia/Tokyo
  engage rate fixtures/posts.csv --interactions likes,comments,shares,clicks --top 5
  engage rate fixtures/posts.csv --per-post --csv > rates.csv
  engage rate fixtures/exports/x_tweet_activity.csv --group-by @hashtag
  engage rate fixtures/posts.csv --group-by @weekday --group-by @hour --tz Asia/Tokyo
  engage rate fixtures/posts.csv --per-post --breakouts --baseline 4w
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

--group-by also takes groupings derived from each post:
  @weekday, @hour  of its publishing time in --tz (Mon … Sun, 00 … 23)
  @hashtag         each hashtag of its text, lower-cased (#新商品 too); a post counts once in
                   each of its tags and once in the overall row; posts without one: (none)
  @format          its type as one word across platforms: video, image, carousel, text,
                   link, reel, story
--min-posts N leaves out groups of fewer than N posts (noted).

--per-post --breakouts scores each post against the same platform's rated posts of the
--baseline (default 12w) before it: score = (rate − median) / (1.4826 × MAD); a breakout
scores above --sigma (default 3). Fewer than 10 baseline posts, or no spread: not scored.
Headers of Meta Business Suite, Facebook Insights, X, LinkedIn, TikTok and YouTube Studio
exports are recognised; see how with: engage columns FILE
`,
});
