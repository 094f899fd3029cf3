import { isBlankSql, sqlString, type Dialect } from '../../sql/dialect.js';
import { finalSelect } from '../../sql/compare-sql.js';
import { groupLabel } from '../../sql/keyed-sql.js';
import { snakeCase } from '../../schema/columns.js';
import type { PeriodsSql } from '../../sql/periods-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { whereSql } from '../../sql/where-sql.js';
import type { EventOptions } from './event-options.js';

// The rows an event metric counts, as SQL: --where, the event's name, the
// timestamp in --since/--until, and a customer, as the event plan reads them
// (src/schema/plans/events.ts). A blank customer or a missing time stops the
// statement, as they stop engage.

export interface EventRowsSql {
  /** The SELECT of the counted events: customer, ts, period_start, event (lower-cased), g1… */
  select: string;
}

export function eventRowsSql(
  options: EventOptions,
  context: SqlContext,
  selected: readonly string[] | undefined,
  groups: string[],
  /** More columns of a counted row; and whether rows outside --since/--until are kept (repeat's orders in the whole file). */
  more: { columns?: string[]; wholeFile?: boolean } = {},
): string {
  const d = context.dialect;
  const customer = context.column('customer_id');
  const ts = context.column('timestamp');
  const periods = context.periods(options.period, options.tz, options.weekStart);
  const { since, until } = more.wholeFile ? { since: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY } : context.window(options);
  const customerText = `trim(${d.text(customer)})`;
  const where = [
    ...whereSql(options.where, d),
    d.refuse(`${ts} IS NULL`, `'engage: an event without a timestamp'`),
  ];
  const event = selected !== undefined || context.has('event') ? `lower(trim(${d.text(context.column('event'))}))` : `''`;
  if (selected !== undefined) where.push(`${event} IN (${[...new Set(selected.map((name) => name.trim().toLowerCase()))].map(sqlString).join(', ')})`);
  if (Number.isFinite(since)) where.push(`${ts} >= ${d.instantLiteral(since)}`);
  if (Number.isFinite(until)) where.push(`${ts} < ${d.instantLiteral(until)}`);
  where.push(d.refuse(isBlankSql(customer), `'engage: a row with a blank customer_id (drop such rows with --where ''customer_id!='')'`));
  const columns = [
    `${customerText} AS customer`,
    `${ts} AS ts`,
    ...(periods ? [`${periods.start(ts)} AS period_start`] : []),
    `${event} AS event`,
    ...groups.map((g, i) => `${g} AS g${i + 1}`),
    ...(more.columns ?? []),
  ];
  return `SELECT ${columns.join(',\n         ')}\n  FROM ${context.table}\n  WHERE ${where.join('\n    AND ')}`;
}

/** A counted row's amount (NULL where the table has none named) and order id (NULL when blank or absent), as columns of eventRowsSql. */
export function amountSql(context: SqlContext): string {
  return `${context.dialect.double(context.has('amount') ? context.column('amount') : 'NULL')} AS amount`;
}

export function orderIdSql(context: SqlContext): string {
  return `${context.has('order_id') ? `nullif(trim(${context.dialect.text(context.column('order_id'))}), '')` : 'NULL'} AS order_id`;
}

/** An order's key over numbered rows: its order_id, or the row itself when it has none (as the event plan reads orders). */
export function orderKeySql(d: Dialect): string {
  return `CASE WHEN order_id IS NULL THEN 'row ' || ${d.text('row_id')} ELSE 'order ' || order_id END`;
}

/**
 * The activity of each period of each group (keys g1…), from the group's
 * first to its last active period, over the counted events: active
 * customers, new ones (first activity ever), those also active the period
 * before (stayed), those active the period before and not now (churned), the
 * period before's active (base), and whether it is the group's first period.
 * Each customer's active periods are marked with their next one (lead), so
 * every figure is a count grouped by period: no join of the activity with itself.
 */
export function activityPeriodsSql(d: Dialect, periods: PeriodsSql, keys: string[], suffix: string): string[] {
  const step = periods.step;
  const list = (alias = '') => keys.map((key) => `${alias}${key}, `).join('');
  const joined = (a: string, b: string) => [`${a}.period_start = ${b}.period_start`, ...keys.map((key) => `${a}.${key} = ${b}.${key}`)].join(' AND ');
  const partition = keys.length > 0 ? `PARTITION BY ${keys.map((key) => `p.${key}`).join(', ')}` : '';
  return [
    `active${suffix} AS (
  SELECT ${list()}customer, period_start,
         lag(period_start) OVER (PARTITION BY ${list()}customer ORDER BY period_start) IS NULL AS is_first,
         lead(period_start) OVER (PARTITION BY ${list()}customer ORDER BY period_start) AS next_active
  FROM (SELECT DISTINCT ${list()}customer, period_start FROM counted) distinct_active
)`,
    `periods${suffix} AS (\n  SELECT ${list()}${periods.everyStart('min(period_start)', 'max(period_start)')} AS period_start\n  FROM active${suffix}${keys.length > 0 ? `\n  GROUP BY ${keys.join(', ')}` : ''}\n)`,
    `now${suffix} AS (
  SELECT ${list()}period_start, count(*) AS active, count(*) FILTER (WHERE is_first) AS new_customers
  FROM active${suffix} GROUP BY ${list()}period_start
)`,
    `after${suffix} AS (
  SELECT ${list()}period_start + ${step} AS period_start, count(*) AS base, count(*) FILTER (WHERE next_active = period_start + ${step}) AS stayed
  FROM active${suffix} GROUP BY ${list()}period_start + ${step}
)`,
    `figures${suffix} AS (
  SELECT ${keys.map((key) => `p.${key} AS ${key}, `).join('')}p.period_start AS period_start,
         coalesce(n.active, 0) AS active,
         coalesce(n.new_customers, 0) AS new_customers,
         coalesce(a.stayed, 0) AS stayed,
         coalesce(a.base, 0) - coalesce(a.stayed, 0) AS churned,
         coalesce(a.base, 0) AS base,
         p.period_start = min(p.period_start) OVER (${partition}) AS first_period
  FROM periods${suffix} p
  LEFT JOIN now${suffix} n ON ${joined('n', 'p')}
  LEFT JOIN after${suffix} a ON ${joined('a', 'p')}
)`,
  ];
}

export interface ActivityTableSql {
  options: EventOptions;
  context: SqlContext;
  /** The events counted: undefined for every event. */
  selected: readonly string[] | undefined;
  /** The overall row's aggregates over the periods of all groups together (`figures`, with `partial` per period). */
  overall(partial: string): { name: string; expr: string }[];
  /** The output columns after period, partial and the groups: a group's period's value, and the overall row's. */
  columns: { name: string; row: string; all: string }[];
}

/**
 * The table of churn and lifecycle as SQL: one row per group and period
 * (each group's periods in turn, as the streaming engine lists them),
 * [period, partial], the group labels, the figures, the overall row last.
 */
export function activityTableSql(spec: ActivityTableSql): string {
  const { options, context } = spec;
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const partial = periods.partial('period_start', since);
  const steps = [
    `counted AS (\n  ${eventRowsSql(options, context, spec.selected, options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    ...activityPeriodsSql(d, periods, g, ''),
    ...(g.length > 0 ? activityPeriodsSql(d, periods, [], '_all') : []),
    periods.dataEndStep(until),
    `overall AS (\n  SELECT ${spec.overall(partial).map((a) => `${a.expr} AS ${a.name}`).join(',\n         ')}\n  FROM figures${g.length > 0 ? '_all' : ''} CROSS JOIN data_end\n)`,
  ];
  const table = groupPeriodRowsSql(context, options.groupBy, { periods, start: 'period_start', name: 'period', partial }, spec.columns);
  steps.push(...table.steps);
  return `WITH ${steps.join(',\n')}\n${table.select}`;
}

/**
 * The last steps of a table of each group's periods (groups in turn, as the
 * streaming engine lists them), the overall row last: `figures` has a row per
 * group and period, `overall` one row, `data_end` the end of the data; each
 * column is an expression over a figures row and one over the overall row.
 */
export function groupPeriodRowsSql(
  context: SqlContext,
  groupBy: readonly string[],
  period: { periods: PeriodsSql; start: string; name: string; partial: string },
  columns: { name: string; row: string; all: string }[],
): { steps: string[]; select: string } {
  const g = groupBy.map((_, i) => `g${i + 1}`);
  const keyed = `keyed AS (
  SELECT 0 AS overall_row, ${g.map((key) => `${key}, `).join('')}${period.start} AS period_start, ${period.periods.label(period.start)} AS period, ${period.partial} AS partial,
         ${columns.map((c, i) => `${c.row} AS c${i}`).join(',\n         ')}
  FROM figures CROSS JOIN data_end
  UNION ALL
  SELECT 1, ${g.map(() => `'all', `).join('')}NULL, 'all', false,
         ${columns.map((c) => c.all).join(',\n         ')}
  FROM overall
)`;
  const last = finalSelect({
    dialect: context.dialect,
    columns: [
      { name: period.name, expr: 'period' },
      { name: 'partial', expr: 'partial' },
      ...groupBy.map((name, i) => ({ name: snakeCase(name), expr: g[i] })),
      ...columns.map((c, i) => ({ name: c.name, expr: `c${i}` })),
    ],
    from: 'keyed',
    periods: period.periods,
    groups: g.length,
    groupsFirst: true,
    compare: context.compare,
  });
  return { steps: [keyed, ...last.steps], select: last.select };
}
