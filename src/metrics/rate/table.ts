import { snakeCase } from '../../schema/columns.js';
import type { PostPlan } from '../../schema/plans/posts.js';
import { formatInstant } from '../../time/format-instant.js';
import type { Periods } from '../../time/periods.js';
import type { TimeZone } from '../../time/zone.js';
import { counted } from '../../notes/plural.js';
import type { JobResult } from '../job.js';
import { keyedTable, type KeyedRow } from '../keyed-table.js';
import type { Cell, ResultColumn, ResultTable } from '../types.js';
import type { RateSummary } from './engagement-rate.js';
import type { RateOptions } from './options.js';
import type { ListedPost } from './post-list.js';
import { breakouts, MIN_BASELINE } from './breakouts.js';
import { calendarDays } from '../../time/duration.js';
import { weekdayOrder } from '../../schema/plans/derived-groups.js';
import type { RateState } from './state.js';

// The figures of `engage rate` from its state: one row per period and group,
// overall last; or one row per post.

const FIGURES: ResultColumn[] = [
  { name: 'posts', type: 'count' },
  { name: 'left_out', type: 'count' },
  { name: 'interactions', type: 'count' },
  { name: 'basis', type: 'count' },
  { name: 'pooled_rate', type: 'rate' },
  { name: 'mean_rate', type: 'rate' },
  { name: 'median_rate', type: 'rate' },
];

export function rateTable(state: RateState, plan: PostPlan, options: RateOptions): JobResult {
  const { periods, span, zone } = plan.time;
  const basisName = plan.files[0]?.columns.basis?.name ?? options.by ?? 'basis';
  const notes: string[] = [];
  const overall = state.overall().summary();
  if (overall.leftOutZero > 0) notes.push(`${counted(overall.leftOutZero, 'post')} with zero ${basisName} ${overall.leftOutZero === 1 ? 'was' : 'were'} left out of the rates`);

  if (state.list) {
    const title = options.perPost ? 'Engagement rate per post' : `Top ${options.top} posts by engagement rate`;
    const posts = state.list.listed();
    const table = postTable(posts, options.groupBy, zone, title, plan.formula);
    return { table: options.breakouts ? withBreakouts(table, posts, zone, options, notes) : table, notes };
  }
  const dailyRate = options.period === 'day' && plan.files.every((f) => f.columns.basis?.name === 'followers');
  const pooled = `pooled = Σ interactions / Σ ${basisName} over posts with ${basisName} > 0`;
  const daily = dailyRate ? `; daily_rate = Σ interactions of the day / the day's latest followers` : '';
  const all = state.grouped.sorted().map((g) => ({ key: g.key, summary: g.state.summary() }));
  // --min-posts: thin groups are left out of the table (the overall row still counts their posts).
  const kept = options.minPosts === undefined ? all : all.filter((g) => g.summary.posts >= options.minPosts!);
  notes.push(...thinGroupsNote(all.length - kept.length, options));
  const groups = kept.map((g): KeyedRow => ({ period: g.key.period, values: g.key.values, cells: figures(g.summary, dailyRate) }));
  if (periods === undefined) notes.push(...bestTimeNote(kept.map((g) => ({ values: g.key.values, posts: g.summary.posts, median: g.summary.medianRate })), options));
  // Without --group-by, months without posts between two with posts are shown, empty.
  const rows = periods && options.groupBy.length === 0 ? withGaps(groups, periods, dailyRate) : groups;
  const total = figures(overall, dailyRate);
  // A daily rate over many days has no single follower count to divide by.
  if (dailyRate && (periods !== undefined || options.groupBy.length > 0)) total[total.length - 1] = null;
  return keyedTable({
    title: 'Engagement rate',
    formula: `${plan.formula}; ${pooled}${daily}`,
    periods,
    span,
    groupNames: options.groupBy,
    figures: dailyRate ? [...FIGURES, { name: 'daily_rate', type: 'rate' }] : FIGURES,
    rows,
    overall: total,
    notes,
  });
}

/**
 * With --group-by @weekday --group-by @hour: the best time to post, the highest median rate
 * among cells of at least max(3, --min-posts) posts; ties to more posts, then the earlier
 * weekday and hour (social.md "Best time to post").
 */
export function bestTimeNote(cells: { values: string[]; posts: number; median: number | null }[], options: RateOptions): string[] {
  const names = options.groupBy.map((name) => name.toLowerCase());
  const [day, hour] = [names.indexOf('@weekday'), names.indexOf('@hour')];
  if (names.length !== 2 || day < 0 || hour < 0) return [];
  const least = Math.max(3, options.minPosts ?? 0);
  const weekday = weekdayOrder(options.weekStart);
  const candidates = cells.filter((c) => c.posts >= least && c.median !== null);
  if (candidates.length === 0) return [`no weekday and hour has ${least} posts or more with a rate: no best time named`];
  const best = candidates.reduce((a, b) => {
    const order = b.median! - a.median! || b.posts - a.posts || weekday(a.values[day], b.values[day]) || Number(a.values[hour]) - Number(b.values[hour]);
    return order <= 0 ? a : b;
  });
  const at = Number(best.values[hour]);
  const next = String((at + 1) % 24).padStart(2, '0');
  return [`best time to post: ${best.values[day]} ${best.values[hour]}:00–${next}:00 in ${options.tz}, median rate ${(best.median! * 100).toFixed(2)}% over ${best.posts} posts (the highest median among cells of ${least} posts or more)`];
}

/** What a left-out group is called in the note: a hashtag, a weekday … or a group. */
/** The note of --min-posts: how many groups it left out. */
export function thinGroupsNote(leftOut: number, options: RateOptions): string[] {
  return leftOut > 0 ? [`${counted(leftOut, groupWord(options.groupBy))} with fewer than ${options.minPosts} posts left out (--min-posts)`] : [];
}

function groupWord(groupBy: readonly string[]): string {
  const words: Record<string, string> = { '@hashtag': 'hashtag', '@weekday': 'weekday', '@hour': 'hour', '@format': 'format' };
  return groupBy.length === 1 ? (words[groupBy[0].toLowerCase()] ?? 'group') : 'group';
}

function figures(summary: RateSummary, dailyRate: boolean): Cell[] {
  const cells: Cell[] = [summary.posts, summary.leftOut, summary.interactions, summary.basis, summary.pooledRate, summary.meanRate, summary.medianRate];
  if (dailyRate) cells.push(summary.latestBasisRate);
  return cells;
}

function withGaps(rows: KeyedRow[], periods: Periods, dailyRate: boolean): KeyedRow[] {
  if (rows.length === 0) return [];
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  const out: KeyedRow[] = [];
  const empty = figures(EMPTY, dailyRate);
  for (let period = rows[0].period; period <= rows[rows.length - 1].period; period = periods.next(period)) {
    out.push(byPeriod.get(period) ?? { period, values: [], cells: empty });
  }
  return out;
}

const EMPTY: RateSummary = {
  posts: 0, leftOut: 0, leftOutZero: 0, leftOutBlank: 0, interactions: 0, basis: 0,
  pooledRate: null, meanRate: null, medianRate: null, latestBasisRate: null,
};

/** --breakouts: each post's baseline, score and verdict after its columns (social.md "Breakout posts"). */
/** The note of posts whose baseline was too short to score them. */
export function shortBaselineNote(short: number, options: RateOptions): string {
  return `${counted(short, 'post')} with fewer than ${MIN_BASELINE} posts of its platform in the ${options.baseline ?? '12w'} before it: not scored`;
}

function withBreakouts(table: ResultTable, posts: ListedPost[], zone: TimeZone, options: RateOptions, notes: string[]): ResultTable {
  const window = options.baseline ?? '12w';
  const sigma = options.sigma ?? 3;
  const scored = breakouts(posts, zone, calendarDays(window), sigma);
  const short = scored.filter((b) => b.unscored === 'short baseline').length;
  if (short > 0) notes.push(shortBaselineNote(short, options));
  return {
    ...table,
    formula: `${table.formula}; score = (rate − baseline_median) / (1.4826 × baseline_mad) over the same platform's rated posts of the ${window} before; breakout when score > ${sigma}`,
    columns: [
      ...table.columns,
      { name: 'baseline_posts', type: 'count' },
      { name: 'baseline_median', type: 'rate' },
      { name: 'baseline_mad', type: 'rate' },
      { name: 'score', type: 'number' },
      { name: 'breakout', type: 'flag' },
      { name: 'unscored', type: 'text' },
    ],
    rows: table.rows.map((row, i) => {
      const b = scored[i];
      return [...row, b.baselinePosts, b.baselineMedian, b.baselineMad, b.score, b.breakout, b.unscored];
    }),
  };
}

function postTable(posts: ListedPost[], groupNames: string[], zone: TimeZone, title: string, formula: string): ResultTable {
  const columns: ResultColumn[] = [
    { name: 'post_id', type: 'text' },
    { name: 'published_at', type: 'timestamp' },
    { name: 'platform', type: 'text' },
    ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: 'interactions', type: 'count' },
    { name: 'basis', type: 'count' },
    { name: 'rate', type: 'rate' },
  ];
  const rows = posts.map((post): Cell[] => [
    post.id ?? null,
    Number.isNaN(post.publishedAt) ? (post.publishedText ?? null) : formatInstant(post.publishedAt, zone),
    post.platform ?? null,
    ...post.groups,
    post.interactions,
    post.basis < 0 ? null : post.basis,
    post.rate,
  ]);
  return { title, formula, columns, rows };
}
