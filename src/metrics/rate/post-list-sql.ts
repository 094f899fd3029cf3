import { groupLabel } from '../../sql/keyed-sql.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { derivedGroupOf } from '../../schema/plans/derived-groups.js';
import { calendarDays } from '../../time/duration.js';
import { snakeCase } from '../../schema/columns.js';
import { sqlName } from '../../sql/dialect.js';
import type { RateOptions } from './options.js';
import { postRowsSql } from './post-rows-sql.js';
import { MIN_BASELINE } from './breakouts.js';
import { shortBaselineNote } from './table.js';
import { TimeZone } from '../../time/zone.js';
import { formatInstant } from '../../time/format-instant.js';
import type { Cell, ResultTable } from '../types.js';
import type { SqlTable } from '../spec.js';

// engage rate --per-post, --top N and --breakouts as SQL (post-list.ts and
// breakouts.ts are the streaming form): each post with its rate, in the
// input's order where the engine keeps one (DuckDB reading a file), else by
// publishing time; --top the N best rates. A breakout's baseline is the
// same platform's rated posts of the window before the post (calendar days
// in --tz), joined by platform and cut by time; its median, and the median
// of the distances from it. published_at comes as epoch milliseconds, which
// engage writes in --tz as the streaming engine does.

export function postListSql(options: RateOptions, context: SqlContext): string {
  const d = context.dialect;
  if (options.groupBy.some((name) => derivedGroupOf(name) !== undefined)) throw new NoSqlForm('--per-post or --top with a derived --group-by (@weekday, @hashtag …)');
  const needsTime = options.period !== undefined || options.since !== undefined || options.until !== undefined;
  const { basis, interactionSum, where, published } = postRowsSql(options, context, needsTime);
  const { since, until } = context.window(options);
  const ts = published ?? (context.has('published_at') || options.breakouts ? context.column('published_at') : undefined);
  if (Number.isFinite(since)) where.push(`${ts} >= ${d.instantLiteral(since)}`);
  if (Number.isFinite(until)) where.push(`${ts} < ${d.instantLiteral(until)}`);
  const text = (name: string) => (context.has(name) ? `trim(${d.text(context.column(name))})` : 'NULL');
  const groups = options.groupBy.map((name, i) => `${groupLabel(d, context.groupColumn(name))} AS g${i + 1}`);
  const epochMs = (instant: string) => `(${d.secondsBetween(d.instantLiteral(0), instant)} * 1000)`;
  // Each post's number is its place in the input, read once (MATERIALIZED): the baseline joins by it.
  const key = [ts ?? 'NULL', text('platform'), text('post_id'), interactionSum, basis];
  const steps = [
    `listed AS${d.name === 'clickhouse' ? '' : ' MATERIALIZED'} (
  SELECT ${d.rowNumber(key)} AS rn, ${text('post_id')} AS post_id, ${ts ?? 'NULL'} AS ts, ${text('platform')} AS platform,
         ${[...groups, `${interactionSum} AS interactions`, `${basis} AS basis`].join(', ')},
         CASE WHEN ${basis} > 0 THEN ${d.double(interactionSum)} / ${basis} END AS rate
  FROM ${context.table}${where.length > 0 ? `\n  WHERE ${where.join('\n    AND ')}` : ''}
)`,
  ];
  const columns = [
    'listed.post_id',
    `${epochMs('listed.ts')} AS published_at`,
    'listed.platform',
    ...options.groupBy.map((name, i) => `listed.g${i + 1} AS ${sqlName(snakeCase(name))}`),
    'listed.interactions',
    'listed.basis',
    'listed.rate',
  ];
  let from = 'listed';
  if (options.breakouts) {
    steps.push(...breakoutSteps(options, context));
    from = 'listed LEFT JOIN baseline_medians m ON m.rn = listed.rn LEFT JOIN baseline_mads a ON a.rn = listed.rn';
    const sigma = options.sigma ?? 3;
    const scored = `m.baseline_posts >= ${MIN_BASELINE} AND a.baseline_mad > 0`;
    const score = `(listed.rate - m.baseline_median) / (1.4826 * a.baseline_mad)`;
    columns.push(
      'coalesce(m.baseline_posts, 0) AS baseline_posts',
      `CASE WHEN m.baseline_posts >= ${MIN_BASELINE} THEN m.baseline_median END AS baseline_median`,
      `CASE WHEN m.baseline_posts >= ${MIN_BASELINE} THEN a.baseline_mad END AS baseline_mad`,
      `CASE WHEN ${scored} THEN ${score} END AS score`,
      `CASE WHEN ${scored} THEN ${score} > ${sigma} END AS breakout`,
      `CASE WHEN listed.rate IS NULL THEN 'no rate' WHEN listed.ts IS NULL THEN 'no time' WHEN coalesce(m.baseline_posts, 0) < ${MIN_BASELINE} THEN 'short baseline' WHEN a.baseline_mad = 0 THEN 'no spread' END AS unscored`,
    );
  }
  // --top: the N highest rates of the rated posts, ties in the input's order.
  const order = options.top === undefined ? 'listed.rn' : 'listed.rate DESC, listed.rn';
  const rated = options.top === undefined ? '' : '\nWHERE listed.rate IS NOT NULL';
  const limit = options.top === undefined ? '' : `\nLIMIT ${options.top}`;
  const select = `SELECT ${columns.join(',\n       ')}\nFROM ${from}${rated}\nORDER BY ${order}${limit}`;
  return `WITH ${steps.join(',\n')}\n${select}`;
}

/** The baseline of each rated, dated post: the same platform's rated posts from the same clock time W days before, up to (not at) its time. */
function breakoutSteps(options: RateOptions, context: SqlContext): string[] {
  const d = context.dialect;
  const days = calendarDays(options.baseline ?? '12w');
  const from = d.instant(`(${d.local('ts', options.tz)} - ${d.interval(days, 'day')})`, options.tz);
  const median = (value: string) => d.percentile(value, 0.5);
  return [
    `rated AS (
  SELECT rn, ts, coalesce(platform, '') AS platform_key, rate, ${from} AS baseline_from FROM listed WHERE rate IS NOT NULL AND ts IS NOT NULL
)`,
    // Joined by platform, cut by time in WHERE: every engine joins on equality.
    `baseline_pairs AS (
  SELECT post.rn, other.rate AS other_rate
  FROM rated post JOIN rated other ON other.platform_key = post.platform_key
  WHERE other.ts >= post.baseline_from AND other.ts < post.ts
)`,
    `baseline_medians AS (
  SELECT rn, CAST(count(*) AS INTEGER) AS baseline_posts, ${median('other_rate')} AS baseline_median FROM baseline_pairs GROUP BY rn
)`,
    `baseline_mads AS (
  SELECT p.rn, ${median('abs(p.other_rate - m.baseline_median)')} AS baseline_mad
  FROM baseline_pairs p JOIN baseline_medians m ON m.rn = p.rn
  GROUP BY p.rn
)`,
  ];
}

/** The listing's table from the statement's rows: times written in --tz, breakouts as flags, the short baselines counted in a note. */
export function postListFromSql(skeleton: ResultTable, result: Cell[][], options: RateOptions): SqlTable {
  const zone = new TimeZone(options.tz);
  const at = (name: string) => skeleton.columns.findIndex((c) => c.name === name);
  const [published, breakout, unscored] = [at('published_at'), at('breakout'), at('unscored')];
  const rows = result.map((row) => row.map((cell, i) => {
    if (i === published) return cell === null ? null : formatInstant(Math.round(Number(cell)), zone);
    // ClickHouse writes a truth as 1 or 0.
    if (i === breakout && cell !== null) return cell === true || cell === 1 || cell === '1' || cell === 'true';
    return cell;
  }));
  const short = unscored < 0 ? 0 : rows.filter((row) => row[unscored] === 'short baseline').length;
  return { table: { ...skeleton, rows }, notes: short === 0 ? [] : [shortBaselineNote(short, options)] };
}
