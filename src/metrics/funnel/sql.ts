import { NoSqlForm } from '../../sql/no-sql-form.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { snakeCase } from '../../schema/columns.js';
import { eventRowsSql } from '../events/events-sql.js';
import type { FunnelOptions } from './options.js';
import { windowMs } from './table.js';

// The funnel as SQL (METRICS.md "Funnel"; the streaming walk is table.ts): a
// customer's funnel starts at their first step-1 event; step k is the first
// step-k event at or after step k−1 and within --window of the start, so
// each step is a minimum over the events after the one before. With
// --group-by, each group's rows, then the overall funnel over every event.

export function funnelSql(options: FunnelOptions, context: SqlContext): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  const d = context.dialect;
  const steps = options.steps.map((step) => step.trim().toLowerCase());
  const window = d.interval(windowMs(options.window), 'millisecond');
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  // A joined relation's columns are named (`p.customer AS customer`): ClickHouse would name the column `p.customer`.
  const list = (keys: string[], alias = '') => keys.map((key) => (alias ? `${alias}${key} AS ${key}, ` : `${key}, `)).join('');
  const keysOf = (keys: string[], alias: string) => keys.map((key) => `${alias}${key}, `).join('');
  const same = (a: string, b: string, keys: string[]) => keys.map((key) => ` AND ${a}.${key} = ${b}.${key}`).join('');

  /** Each customer's time at each step reached, per group (keys). */
  const reached = (suffix: string, keys: string[]) =>
    steps.map((step, k) =>
      k === 0
        ? `step_1${suffix} AS (\n  SELECT ${list(keys)}customer, min(ts) AS start, min(ts) AS reached_at\n  FROM counted WHERE event = ${sqlString(step)}\n  GROUP BY ${list(keys)}customer\n)`
        : `step_${k + 1}${suffix} AS (
  SELECT ${list(keys, 'p.')}p.customer AS customer, p.start AS start, min(e.ts) AS reached_at, p.reached_at AS before_at
  FROM step_${k}${suffix} p
  JOIN counted e ON e.customer = p.customer${same('e', 'p', keys)} AND e.event = ${sqlString(step)} AND e.ts >= p.reached_at AND e.ts <= p.start + ${window}
  GROUP BY ${keysOf(keys, 'p.')}p.customer, p.start, p.reached_at
)`,
    );
  /** Per group (keys) and step: customers, and the median hours from the step before. */
  const figures = (suffix: string, keys: string[]) =>
    `figures${suffix} AS (\n  ${steps
      .map(
        (_, k) =>
          `SELECT ${list(keys)}${k + 1} AS step, count(*) AS customers, ${k === 0 ? 'NULL' : d.median(`${d.secondsBetween('before_at', 'reached_at')} / 3600`)} AS median_hours FROM step_${k + 1}${suffix}${keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : ''}`,
      )
      .join('\n  UNION ALL\n  ')}\n)`;
  // Literal rows as a union of SELECTs: every engine names their columns so (ClickHouse has no VALUES … AS t(a, b)).
  const stepRows = `(${steps.map((step, k) => `SELECT ${k + 1} AS step, ${sqlString(step)} AS event`).join(' UNION ALL ')}) steps`;
  /** Every step of every group, reached or not, with its conversions. */
  const rows = (suffix: string, keys: string[], from: string, overall: number) => `SELECT ${overall} AS overall_row, ${keys.map((key) => `${overall ? "'all'" : `groups.${key}`} AS ${key}, `).join('')}steps.step AS step, steps.event AS event,
         coalesce(f.customers, 0) AS customers,
         CASE WHEN steps.step > 1 AND coalesce(previous_step.customers, 0) > 0 THEN ${d.double('coalesce(f.customers, 0)')} / previous_step.customers END AS conversion_from_previous,
         CASE WHEN coalesce(first_step.customers, 0) > 0 THEN ${d.double('coalesce(f.customers, 0)')} / first_step.customers END AS conversion_from_first,
         f.median_hours AS median_hours
  FROM ${from} CROSS JOIN ${stepRows}
  LEFT JOIN figures${suffix} f ON f.step = steps.step${overall ? '' : same('f', 'groups', keys)}
  LEFT JOIN figures${suffix} previous_step ON previous_step.step = steps.step - 1${overall ? '' : same('previous_step', 'groups', keys)}
  LEFT JOIN figures${suffix} first_step ON first_step.step = 1${overall ? '' : same('first_step', 'groups', keys)}`;
  const stepsCtes = [
    `counted AS (\n  ${eventRowsSql({ ...options, period: 'day' }, context, steps, options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    ...reached('', g),
    figures('', g),
    ...(g.length > 0 ? [...reached('_all', []), figures('_all', [])] : []),
  ];
  const body = g.length > 0
    ? `${rows('', g, `(SELECT DISTINCT ${g.join(', ')} FROM counted) groups`, 0)}\n  UNION ALL\n  ${rows('_all', g, '(SELECT 1) groups', 1)}`
    : rows('', [], '(SELECT 1) groups', 1);
  stepsCtes.push(`funnel AS (\n  ${body}\n)`);
  const select = [
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'step AS "step"',
    'event AS "event"',
    'customers AS "customers"',
    'conversion_from_previous AS "conversion_from_previous"',
    'conversion_from_first AS "conversion_from_first"',
    'median_hours AS "median_hours_from_previous"',
  ];
  const order = ['overall_row', ...g.flatMap((key) => labelOrder(d, key)), 'step'];
  return `WITH ${stepsCtes.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM funnel\nORDER BY ${order.join(', ')}`;
}
