import { finalSelect } from '../../sql/compare-sql.js';
import { groupLabel } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { snakeCase } from '../../schema/columns.js';
import { countedEvents } from '../events/event-plan.js';
import { amountSql, eventRowsSql, orderIdSql, orderKeySql } from '../events/events-sql.js';
import type { RepeatOptions } from './options.js';
import { PURCHASE_EVENTS } from './options.js';

// The repeat purchase rate as SQL (METRICS.md "Repeat purchase rate"; the
// streaming form is repeat-purchases.ts). An order is the rows of one
// order_id, or a row without one; a table has no row order, so an order's
// customer, time and group are those of its earliest row (a file's: its
// first row). Each period is its own window, the overall row one window over
// all; --returning counts a customer's orders in the whole file.

export function repeatSql(options: RepeatOptions, context: SqlContext): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart);
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const keys = [...g, ...(periods ? ['period_start'] : [])];
  // A joined relation's columns are named (`c.g1 AS g1`): ClickHouse would name the column `c.g1`.
  const list = (names: string[], alias = '') => names.map((key) => (alias ? `${alias}${key} AS ${key}, ` : `${key}, `)).join('');
  const partition = (names: string[]) => (names.length > 0 ? `PARTITION BY ${names.join(', ')}, customer` : 'PARTITION BY customer');
  // Purchase events by default where the table has an event column; every row where it has none.
  const selected = countedEvents(options, { defaultEvents: context.has('event') ? PURCHASE_EVENTS : undefined });
  const inWindow = (ts: string) => [...(Number.isFinite(since) ? [`${ts} >= ${d.instantLiteral(since)}`] : []), ...(Number.isFinite(until) ? [`${ts} < ${d.instantLiteral(until)}`] : []), 'true'].join(' AND ');
  const sameKeys = (a: string, b: string, names: string[]) => (names.length > 0 ? names.map((n) => `${a}.${n} = ${b}.${n}`).join(' AND ') : 'true');
  const first = (column: string) => d.earliest(column, ['ts', 'row_id']);

  /** The figures of each window (names: the group and period keys; none for the one overall window). */
  const figures = (suffix: string, names: string[]) => [
    `per_customer${suffix} AS (
  SELECT ${list(names)}customer, count(*) AS orders
  FROM windowed GROUP BY ${list(names)}customer
)`,
    `gaps${suffix} AS (
  SELECT ${list(names)}${d.secondsBetween('previous_ts', 'ts')} / 86400 AS days
  FROM (SELECT ${list(names)}ts, lag(ts) OVER (${partition(names)} ORDER BY ts) AS previous_ts FROM windowed) ordered
  WHERE previous_ts IS NOT NULL
)`,
    `gap_figures${suffix} AS (
  SELECT ${list(names)}${d.mean('days')} AS mean_days, ${d.percentile('days', 0.5)} AS median_days
  FROM gaps${suffix}${names.length > 0 ? ` GROUP BY ${names.join(', ')}` : ''}
)`,
    `revenue_figures${suffix} AS (
  SELECT ${list(names)}sum(amount) AS revenue
  FROM revenue_rows${names.length > 0 ? ` GROUP BY ${names.join(', ')}` : ''}
)`,
    // Each window's figures: its customers' orders, and its gaps and revenue joined by the window's keys.
    `figures${suffix} AS (
  SELECT ${list(names, 'c.')}count(*) AS customers,
         count(*) FILTER (WHERE c.orders >= 2) AS repeat_customers,
         count(*) FILTER (WHERE f.orders_in_file >= 2) AS returning_customers,
         CAST(sum(c.orders) AS BIGINT) AS orders,
         min(x.mean_days) AS mean_days,
         min(x.median_days) AS median_days,
         min(r.revenue) AS revenue
  FROM per_customer${suffix} c JOIN in_file f ON f.customer = c.customer
  LEFT JOIN gap_figures${suffix} x ON ${sameKeys('x', 'c', names)}
  LEFT JOIN revenue_figures${suffix} r ON ${sameKeys('r', 'c', names)}
  ${names.length > 0 ? `GROUP BY ${names.map((n) => `c.${n}`).join(', ')}` : ''}
)`,
  ];
  const steps = [
    `counted AS (\n  ${eventRowsSql({ ...options, period: undefined }, context, selected, options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))), { columns: [amountSql(context), orderIdSql(context)], wholeFile: true })}\n)`,
    `numbered AS (\n  SELECT *, ${d.rowNumber(['customer', 'ts', 'event', 'order_id', 'amount', ...g])} AS row_id FROM counted\n)`,
    // One order per order_id, or per row without one; its customer, time and group are its earliest row's.
    `orders AS (
  SELECT ${first('customer')} AS customer, min(ts) AS ts${g.map((key) => `, ${first(key)} AS ${key}`).join('')}
  FROM numbered
  GROUP BY ${orderKeySql(d)}
)`,
    `in_file AS (\n  SELECT customer, count(*) AS orders_in_file FROM orders GROUP BY customer\n)`,
    `windowed AS (\n  SELECT o.*${periods ? `, ${periods.start('o.ts')} AS period_start` : ''}\n  FROM orders o WHERE ${inWindow('o.ts')}\n)`,
    `revenue_rows AS (\n  SELECT ${list(g)}${periods ? `${periods.start('ts')} AS period_start, ` : ''}amount\n  FROM counted WHERE amount IS NOT NULL AND ${inWindow('ts')}\n)`,
    ...figures('', keys),
    ...(keys.length > 0 ? figures('_all', []) : []),
  ];
  if (periods) {
    // Each group's periods from its first to its last, those between without orders empty.
    steps.push(`periods AS (\n  SELECT ${list(g)}${periods.everyStart('min(period_start)', 'max(period_start)')} AS period_start\n  FROM windowed${g.length > 0 ? `\n  GROUP BY ${g.join(', ')}` : ''}\n)`);
  }
  const data = keys.length > 0 ? (periods ? `periods p LEFT JOIN figures w ON ${keys.map((k) => `w.${k} = p.${k}`).join(' AND ')}` : 'figures w') : '';
  const repeaters = options.returning ? 'returning_customers' : 'repeat_customers';
  const cells = (w: string) => [
    `coalesce(${w}.customers, 0)`,
    `coalesce(${w}.${repeaters}, 0)`,
    `CASE WHEN ${w}.customers > 0 THEN ${d.double(`${w}.${repeaters}`)} / ${w}.customers END`,
    `coalesce(${w}.orders, 0)`,
    `CASE WHEN ${w}.customers > 0 THEN ${d.double(`${w}.orders`)} / ${w}.customers END`,
    `${w}.mean_days`,
    `${w}.median_days`,
    `${w}.revenue`,
    `CASE WHEN ${w}.customers > 0 THEN ${w}.revenue / ${w}.customers END`,
  ];
  const names = ['customers', options.returning ? 'returning_customers' : 'repeat_customers', options.returning ? 'returning_rate' : 'repeat_rate', 'orders', 'orders_per_customer', 'mean_days_between', 'median_days_between', 'revenue', 'revenue_per_customer'];
  const overallFrom = keys.length > 0 ? 'figures_all' : 'figures';
  const columns: { name: string; expr: string }[] = [];
  if (keys.length === 0) {
    steps.push(`keyed AS (\n  SELECT ${cells('w').map((c, i) => `${c} AS c${i}`).join(', ')} FROM (SELECT 1) one LEFT JOIN ${overallFrom} w ON true\n)`);
  } else {
    const dataKeys = [...g.map((key) => (periods ? `p.${key}` : `w.${key}`)), ...(periods ? ['p.period_start'] : [])];
    steps.push(`keyed AS (
  SELECT 0 AS overall_row, ${dataKeys.map((k) => `${k} AS ${k.split('.')[1]}`).join(', ')}, ${cells('w').map((c, i) => `${c} AS c${i}`).join(', ')} FROM ${data}
  UNION ALL
  SELECT 1, ${keys.map(() => 'NULL').join(', ')}, ${cells('w').join(', ')} FROM (SELECT 1) one LEFT JOIN ${overallFrom} w ON true
)`);
    if (periods) {
      steps.push(periods.dataEndStep(until, `counted WHERE ${inWindow('ts')}`));
      columns.push(
        { name: 'period', expr: `CASE WHEN overall_row = 1 THEN 'all' ELSE ${periods.label('period_start')} END` },
        { name: 'partial', expr: `CASE WHEN overall_row = 1 THEN false ELSE ${periods.partial('period_start', since)} END` },
      );
    }
    columns.push(...options.groupBy.map((name, i) => ({ name: snakeCase(name), expr: `CASE WHEN overall_row = 1 THEN 'all' ELSE ${g[i]} END` })));
  }
  columns.push(...names.map((name, i) => ({ name, expr: `c${i}` })));
  const from = periods ? 'keyed CROSS JOIN data_end' : 'keyed';
  const last = finalSelect({ dialect: d, columns, from, periods, groups: g.length, groupsFirst: true, compare: context.compare });
  return `WITH ${[...steps, ...last.steps].join(',\n')}\n${last.select}`;
}
