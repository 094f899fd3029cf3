import { sqlName, sqlString } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { snakeCase } from '../../schema/columns.js';
import { countedEvents } from '../events/event-plan.js';
import { eventRowsSql } from '../events/events-sql.js';
import { windowLength } from './membership-table.js';
import type { RetentionOptions } from './options.js';
import { lower } from './table.js';
import { bracketColumns, offsetColumns, type Column } from './triangle.js';

// Retention by memberships as SQL (the streaming form is memberships.ts and
// triangle.ts): a membership per customer and cohort (the first start event's
// period, or with --mode recurring every period with one), each member's
// return events by offset (calendar periods, or 24-hour windows from their
// start), each column's retained members (brackets, --min-occurrences,
// --unbounded), then the cells (shares of the cohort or of the cell before)
// and the all row (weighted or simple) over complete columns. The statement
// has a column per offset up to --max-offset, or per bracket, and says how
// many the data reaches (columns_shown), so that engage shows as many.

export function membershipRetentionSql(options: RetentionOptions, context: SqlContext, selected: readonly string[] | 'all' | undefined, maxOffset: number): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const windowMs = windowLength(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const columns: Column[] = options.brackets ? bracketColumns(options.brackets) : offsetColumns(maxOffset + 1);
  const isStart = options.startEvents.length > 0 ? `event IN (${lower(options.startEvents).map(sqlString).join(', ')})` : 'true';
  const isReturn = options.returnEvents.length > 0 ? `event IN (${lower(options.returnEvents).map(sqlString).join(', ')})` : 'true';
  const list = (keys: string[], alias = '') => keys.map((key) => (alias ? `${alias}.${key} AS ${key}, ` : `${key}, `)).join('');
  const same = (a: string, b: string, keys: string[]) => keys.map((key) => ` AND ${a}.${key} = ${b}.${key}`).join('');
  const offset = windowMs === undefined ? periods.offset('m.cohort', 'r.period_start') : `CAST(floor(${d.secondsBetween('m.anchor', 'r.ts')} / ${windowMs / 1000}) AS INTEGER)`;
  const after = windowMs === undefined ? 'r.period_start >= m.cohort' : 'r.ts >= m.anchor';
  // The column of an offset: itself, or the bracket it is in (NULL past the last).
  const columnOf = (k: string) => (options.brackets ? `CASE ${columns.map((c, j) => `WHEN ${k} BETWEEN ${c.from} AND ${c.to} THEN ${j}`).join(' ')} END` : k);
  const columnsDef = options.brackets
    ? columns.map((c, j) => `SELECT ${j} AS j, ${c.from} AS first_offset`).join(' UNION ALL ')
    : `SELECT j, j AS first_offset FROM (SELECT ${d.series('0', String(maxOffset), '1')} AS j) offsets`;

  // Everything is in long form (a row per cohort and column) until the last step: a triangle of days over a year
  // is hundreds of columns, and one aggregate per column made the statement slow to plan.
  const triangle = (suffix: string, keys: string[]) => [
    options.mode === 'recurring'
      ? `memberships${suffix} AS (\n  SELECT ${list(keys)}customer, period_start AS cohort, min(ts) AS anchor\n  FROM counted WHERE ${isStart}\n  GROUP BY ${list(keys)}customer, period_start\n)`
      : `memberships${suffix} AS (\n  SELECT ${list(keys)}customer, min(period_start) AS cohort, min(ts) AS anchor\n  FROM counted WHERE ${isStart}\n  GROUP BY ${list(keys)}customer\n)`,
    `member_returns${suffix} AS (
  SELECT ${list(keys, 'm')}m.customer AS customer, m.cohort AS cohort, ${offset} AS k, count(*) AS n
  FROM memberships${suffix} m JOIN counted r ON r.customer = m.customer${same('r', 'm', keys)}
  WHERE ${isReturn.replace('event', 'r.event')} AND ${after}
  GROUP BY ${keys.map((key) => `m.${key}, `).join('')}m.customer, m.cohort, ${offset}
)`,
    // A member counts in a column with a return at any of its offsets (at least --min-occurrences after offset 0), or --unbounded up to their last.
    options.unbounded
      ? `member_cells${suffix} AS (
  SELECT ${list(keys, 'l')}l.cohort AS cohort, c.j AS j, count(*) AS retained
  FROM (SELECT ${list(keys)}customer, cohort, max(k) AS last_offset FROM member_returns${suffix} GROUP BY ${list(keys)}customer, cohort) l
  CROSS JOIN columns_def c
  WHERE c.first_offset <= l.last_offset
  GROUP BY ${keys.map((key) => `l.${key}, `).join('')}l.cohort, c.j
)`
      : `member_cells${suffix} AS (
  SELECT ${list(keys)}cohort, j, count(*) AS retained
  FROM (SELECT ${list(keys)}customer, cohort, ${columnOf('k')} AS j, sum(n) AS events FROM member_returns${suffix} GROUP BY ${list(keys)}customer, cohort, ${columnOf('k')}) hits
  WHERE j IS NOT NULL AND events >= CASE WHEN j = 0 THEN 1 ELSE ${options.minOccurrences} END
  GROUP BY ${list(keys)}cohort, j
)`,
    // Each cohort's size, and how many offsets have begun and ended by the data's end.
    `cohorts${suffix} AS (
  SELECT ${list(keys)}cohort, CAST(count(*) AS BIGINT) AS size, min(anchor) AS first_anchor, max(anchor) AS last_anchor
  FROM memberships${suffix}
  GROUP BY ${list(keys)}cohort
)`,
    `reach${suffix} AS (
  SELECT c.*, ${reach('c')}
  FROM cohorts${suffix} c CROSS JOIN span
)`,
    // The columns each cohort shows (begun) and has complete (ended): offsets up to them, or the brackets they reach.
    `reached${suffix} AS (
  SELECT r.*, ${shownOf('r.begun')} AS shown, ${completeOf('r.ended')} AS complete
  FROM reach${suffix} r
)`,
    // Each shown cell: the retained members, and the cell before (for --reference previous).
    `grid${suffix} AS (
  SELECT ${list(keys, 'r')}r.cohort AS cohort, r.size AS size, r.shown AS shown, r.complete AS complete, c.j AS j,
         CAST(coalesce(m.retained, 0) AS BIGINT) AS retained
  FROM reached${suffix} r CROSS JOIN columns_def c
  LEFT JOIN member_cells${suffix} m ON m.cohort = r.cohort AND m.j = c.j${same('m', 'r', keys)}
  WHERE c.j < r.shown
)`,
    `valued${suffix} AS (
  SELECT *, lag(retained) OVER (PARTITION BY ${list(keys)}cohort ORDER BY j) AS before_retained
  FROM grid${suffix}
)`,
  ];
  /** Offsets begun and ended: calendar periods up to the data's last one (it not ended when partial); 24-hour windows of the first and last member. */
  function reach(c: string): string {
    if (windowMs === undefined) {
      const begun = `${periods.offset(`${c}.cohort`, 'span.last')} + 1`;
      return `${begun} AS begun, ${begun} - CASE WHEN span.last_partial THEN 1 ELSE 0 END AS ended`;
    }
    const ms = (from: string) => `${d.secondsBetween(from, 'span.at')} * 1000`;
    return `CAST(ceil(${ms(`${c}.first_anchor`)} / ${windowMs}) AS INTEGER) AS begun, CAST(floor(${ms(`${c}.last_anchor`)} / ${windowMs}) AS INTEGER) AS ended`;
  }
  const count = (test: (c: Column) => string) => (options.brackets ? `(${columns.map((c) => `CASE WHEN ${test(c)} THEN 1 ELSE 0 END`).join(' + ')})` : undefined);
  const shownOf = (bound: string) => count((c) => `${c.from} < ${bound}`) ?? `least(greatest(${bound}, 0), ${columns.length})`;
  const completeOf = (bound: string) => count((c) => `${c.to} < ${bound}`) ?? `least(greatest(${bound}, 0), ${columns.length})`;
  // A cell: customers, a share of the cohort, or of the cell before.
  const value = options.counts
    ? 'retained'
    : options.reference === 'previous'
      ? `CASE WHEN j = 0 THEN ${d.double('retained')} / size WHEN before_retained > 0 THEN ${d.double('retained')} / before_retained END`
      : `CASE WHEN size > 0 THEN ${d.double('retained')} / size END`;
  const base = options.reference === 'previous' ? 'CASE WHEN j = 0 THEN size ELSE before_retained END' : 'size';
  // The all row at column j: over the cohorts whose column j is complete.
  const allValue = options.counts
    ? 'CAST(sum(retained) AS BIGINT)'
    : options.mean === 'simple'
      ? `avg(CASE WHEN ${base} > 0 THEN ${d.double('retained')} / ${base} END)`
      : `CASE WHEN sum(${base}) > 0 THEN ${d.double('sum(retained)')} / sum(${base}) END`;
  const last = g.length > 0 ? '_all' : '';
  const steps = [
    `counted AS (\n  ${eventRowsSql(options, context, countedEvents(options, { selected }), g.map((_, i) => groupLabel(d, context.groupColumn(options.groupBy[i]))))}\n)`,
    // The data ends at the last period with a start or a return event; 24-hour windows end with the data.
    periods.dataEndStep(until),
    `span AS (\n  SELECT last_period.last AS last, ${periods.partial('last_period.last', since)} AS last_partial, data_end.at AS at\n  FROM (SELECT max(period_start) AS last FROM counted WHERE ${isStart} OR ${isReturn}) last_period CROSS JOIN data_end\n)`,
    `columns_def AS (\n  ${columnsDef}\n)`,
    ...triangle('', g),
    ...(g.length > 0 ? triangle('_all', []) : []),
    `all_cells AS (\n  SELECT j, ${allValue} AS cell FROM valued${last} WHERE j < complete GROUP BY j\n)`,
    // How many columns the data reaches (more than the statement has when it reaches past --max-offset).
    `shown AS (\n  SELECT coalesce(max(${options.brackets ? 'shown' : 'greatest(begun, 0)'}), 0) AS columns_shown FROM reached${last}\n)`,
  ];
  const pivot = (j: number, column: string) => `max(CASE WHEN j = ${j} THEN ${column} END)`;
  const groupRows = `SELECT 0 AS overall_row, ${g.map((key) => `${key}, `).join('')}cohort AS cohort_start, ${periods.label('cohort')} AS cohort, size AS customers,
         ${columns.map((_, j) => `${pivot(j, value)} AS c${j}`).join(',\n         ')},
         CASE WHEN shown > complete THEN shown - 1 END AS partial_offset
  FROM valued
  GROUP BY ${g.map((key) => `${key}, `).join('')}cohort, size, shown, complete`;
  const overallRow = `SELECT 1, ${g.map(() => `'all', `).join('')}NULL, 'all', (SELECT CAST(coalesce(sum(size), 0) AS BIGINT) FROM reached${last}),
         ${columns.map((_, j) => `${pivot(j, 'cell')}`).join(',\n         ')},
         NULL
  FROM all_cells`;
  steps.push(`triangle AS (\n  ${groupRows}\n  UNION ALL\n  ${overallRow}\n)`);
  const select = [
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'cohort AS "cohort"',
    'customers AS "customers"',
    ...columns.map((c, j) => `c${j} AS ${sqlName(c.name)}`),
    'partial_offset AS "partial_offset"',
    'shown.columns_shown AS "columns_shown"',
  ];
  const order = ['overall_row', ...g.flatMap((key) => labelOrder(d, key)), 'cohort_start'];
  return `WITH ${steps.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM triangle CROSS JOIN shown\nORDER BY ${order.join(', ')}`;
}
