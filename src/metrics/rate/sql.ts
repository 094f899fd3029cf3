import { keyedSql } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { BASIS_COLUMNS } from '../../schema/post.js';
import { sqlShare } from '../survey/metrics.js';
import type { RateOptions } from './options.js';
import { derivedGroupOf } from '../../schema/plans/derived-groups.js';
import { derivedGroupSql } from './derived-groups-sql.js';
import { postRowsSql } from './post-rows-sql.js';

// The engagement rate as SQL (METRICS.md "Social posts"), over a table of
// posts. The interactions and the basis are the columns --interactions and
// --by name, else the defaults among the columns the user named (--columns,
// --map): SQL cannot see which a table has.

export function rateSql(options: RateOptions, context: SqlContext): string {
  const { dialect: d } = context;
  const needsTime = options.period !== undefined || options.since !== undefined || options.until !== undefined;
  const dailyRate = options.period === 'day' && (options.by ?? BASIS_COLUMNS.find((name) => context.has(name))) === 'followers';
  const { basis, interactionSum, where, published } = postRowsSql(options, context, needsTime || dailyRate);
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
