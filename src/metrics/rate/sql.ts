import { keyedSql } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import { BASIS_COLUMNS, DEFAULT_INTERACTIONS } from '../../schema/post.js';
import { ROW_COLUMNS } from '../../schema/row-kinds.js';
import { sqlShare } from '../survey/metrics.js';
import type { RateOptions } from './options.js';
import { derivedGroupOf } from '../../schema/plans/derived-groups.js';
import { derivedGroupSql } from './derived-groups-sql.js';

// The engagement rate as SQL (METRICS.md "Social posts"), over a table of
// posts. The interactions and the basis are the columns --interactions and
// --by name, else the defaults among the columns the user named (--columns,
// --map): SQL cannot see which a table has.

export function rateSql(options: RateOptions, context: SqlContext): string {
  // A listing keeps the file's order of posts (and of ties in --top), which a table does not have.
  if (options.perPost || options.top !== undefined) throw new NoSqlForm(`${options.perPost ? '--per-post' : '--top'} (a listing in the file's order of posts, which a table has not)`);
  const { dialect: d } = context;
  const counts = new Set(ROW_COLUMNS.posts.filter((c) => c.kind === 'count').map((c) => c.name));
  const basisName = options.by ?? BASIS_COLUMNS.find((name) => context.has(name));
  if (basisName === undefined) {
    throw context.unnamed('no basis for the rate', `name it with --by (${BASIS_COLUMNS.join(', ')}) or list the table's columns with --columns`);
  }
  const named = options.interactions?.map((name) => (counts.has(name.toLowerCase()) ? name.toLowerCase() : name));
  const defaults = DEFAULT_INTERACTIONS.filter((name) => context.has(name));
  const interactions = [...new Set(named ?? (defaults.length > 0 ? defaults : context.has('engagements') ? ['engagements'] : []))];
  if (interactions.length === 0) {
    throw context.unnamed('no interactions to count', `name them with --interactions (e.g. likes,comments,shares) or list the table's columns with --columns`);
  }
  const basis = context.column(basisName);
  const columns = interactions.map((name) => (counts.has(name) ? context.column(name) : context.groupColumn(name)));
  const needsTime = options.period !== undefined || options.since !== undefined || options.until !== undefined;
  const dailyRate = options.period === 'day' && basisName === 'followers';
  const published = needsTime || dailyRate ? context.column('published_at') : undefined;
  const bad = [basis, ...columns].map((c) => `${c} < 0`).join(' OR ');

  const where = [d.refuse(bad, `'engage: a count is negative: ' || ${d.text(`${[basis, ...columns].map((c) => `coalesce(${c}, 0)`).join(' || \',\' || ')}`)}`)];
  // A post without a date has no period: left out where periods or the window need one.
  if (published) where.push(`${published} IS NOT NULL`);
  if (context.has('post_id')) {
    // X writes a row for each deleted post: no id, no date, no counts. It is no post.
    const id = context.column('post_id');
    const date = context.has('published_at') || published ? ` AND ${context.column('published_at')} IS NULL` : '';
    where.push(`NOT (${id} IS NULL${date} AND ${[basis, ...columns].map((c) => `coalesce(${c}, 0) = 0`).join(' AND ')})`);
  }
  const interactionSum = columns.map((c) => `coalesce(${c}, 0)`).join(' + ');
  const rated = 'basis > 0';
  const aggregates = [
    { name: 'posts', expr: 'count(*)', empty: '0' },
    { name: 'left_out', expr: `count(*) FILTER (WHERE basis IS NULL OR basis = 0)`, empty: '0' },
    { name: 'interactions', expr: `coalesce(sum(interactions) FILTER (WHERE ${rated}), 0)`, empty: '0' },
    { name: 'basis', expr: `coalesce(sum(basis) FILTER (WHERE ${rated}), 0)`, empty: '0' },
    { name: 'mean_rate', expr: d.mean(`CASE WHEN ${rated} THEN ${d.double('interactions')} / basis END`) },
    { name: 'median_rate', expr: `${d.percentile(`${d.double('interactions')} / basis`, 0.5)} FILTER (WHERE ${rated})` },
    ...(dailyRate
      ? [
          { name: 'all_interactions', expr: 'sum(interactions)', empty: '0' },
          // The day's latest follower count (a blank one is no count); ties on the time go to any of the tied posts.
          { name: 'latest_basis', expr: d.latest('basis', ['ts'], 'basis IS NOT NULL') },
        ]
      : []),
  ];
  const figures = [
    { name: 'posts', expr: 'posts' },
    { name: 'left_out', expr: 'left_out' },
    { name: 'interactions', expr: 'interactions' },
    { name: 'basis', expr: 'basis' },
    { name: 'pooled_rate', expr: sqlShare(d, 'interactions', 'basis') },
    { name: 'mean_rate', expr: 'mean_rate' },
    { name: 'median_rate', expr: 'median_rate' },
    // A daily rate over many days has no single follower count: none on the overall row of a table of days.
    ...(dailyRate ? [{ name: 'daily_rate', expr: `CASE WHEN overall_row = 0 AND latest_basis > 0 THEN ${d.double('all_interactions')} / latest_basis END` }] : []),
  ];
  const base = context.keyedBase({ ...options, groupBy: [] });
  const groups = options.groupBy.map((name) => {
    const derived = derivedGroupOf(name);
    return derived === undefined ? { name, column: context.groupColumn(name) } : derivedGroupSql(name, derived, context, options);
  });
  return keyedSql({
    ...base,
    groups,
    ts: published,
    values: { interactions: interactionSum, basis },
    where,
    aggregates,
    figures,
    gaps: true,
    thin: options.minPosts === undefined ? undefined : { aggregate: 'posts', min: options.minPosts },
  });
}
