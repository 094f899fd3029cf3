import { sqlName } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import { snakeCase } from '../../schema/columns.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { countedEvents } from '../events/event-plan.js';
import { eventRowsSql, groupPeriodRowsSql } from '../events/events-sql.js';
import type { StickinessOptions } from './options.js';

// Stickiness as SQL (METRICS.md "Stickiness"; the streaming form is
// table.ts): for each calendar month of a group, from its first to its last
// active month, DAU/MAU = the mean over the month's days (up to the data's
// last day) of customers active that day / customers active in the month;
// WAU/MAU likewise over the ISO weeks wholly inside the month and the data.
// The overall row: the mean of the complete months' ratios, all groups together.
// --distribution: per group and month, the customers active on k of its days.

export function stickinessSql(options: StickinessOptions, context: SqlContext): string {
  const d = context.dialect;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const months = context.periods('month', options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const list = (keys: string[], alias = '') => keys.map((key) => `${alias}${key}, `).join('');
  const same = (a: string, b: string, keys: string[]) => keys.map((key) => ` AND ${a}.${key} = ${b}.${key}`).join('');
  const day = "INTERVAL '1 day'";
  const week = "INTERVAL '7 days'";

  /**
   * Each month's figures of each group (keys): mau, mean_dau, mean_wau (NULL without a whole
   * week), active days. A customer active in two groups on one day is one customer-day of all.
   */
  const monthly = (suffix: string, keys: string[]) => [
    `months${suffix} AS (
  SELECT ${list(keys)}${d.series("date_trunc('month', min(day))", "date_trunc('month', max(day))", "INTERVAL '1 month'")} AS month
  FROM active_days${keys.length > 0 ? `\n  GROUP BY ${keys.join(', ')}` : ''}
)`,
    // A month reaches to its end, or to the data's last day.
    `bounded${suffix} AS (
  SELECT m.*, least(m.month + INTERVAL '1 month', last_day.day + ${day}) AS month_end
  FROM months${suffix} m CROSS JOIN last_day
)`,
    `week_figures${suffix} AS (
  SELECT ${list(keys, 'w.')}w.month,
         (SELECT count(DISTINCT customer) FROM active_days a WHERE a.day >= w.monday AND a.day < w.monday + ${week}${same('a', 'w', keys)}) AS wau
  FROM (SELECT ${list(keys)}month, ${d.series(`date_trunc('week', month + INTERVAL '6 days')`, `month_end - ${week}`, week)} AS monday FROM bounded${suffix}) w
)`,
    `figures${suffix} AS (
  SELECT ${list(keys, 'b.')}b.month,
         (SELECT count(DISTINCT customer) FROM active_days a WHERE a.day >= b.month AND a.day < b.month_end${same('a', 'b', keys)}) AS mau,
         (SELECT count(DISTINCT ${d.text('a.day')} || ' ' || a.customer) FROM active_days a WHERE a.day >= b.month AND a.day < b.month_end${same('a', 'b', keys)}) AS customer_days,
         CAST(b.month_end AS DATE) - CAST(b.month AS DATE) AS day_count,
         (SELECT count(*) FROM week_figures${suffix} w WHERE w.month = b.month${same('w', 'b', keys)}) AS weeks,
         (SELECT avg(${d.double('wau')}) FROM week_figures${suffix} w WHERE w.month = b.month${same('w', 'b', keys)}) AS mean_wau
  FROM bounded${suffix} b
)`,
  ];
  const ratio = (part: string, whole: string) => `CASE WHEN ${whole} > 0 THEN ${d.double(part)} / ${whole} END`;
  const meanDau = `CASE WHEN day_count > 0 THEN ${d.double('customer_days')} / day_count ELSE 0 END`;
  const sinceCut = Number.isFinite(since) ? ` OR ${d.instantLiteral(since)} > ${months.startInstant('month')}` : '';
  const partial = `(data_end.at < ${months.endInstant('month')}${sinceCut})`;
  const steps = [
    `counted AS (\n  ${eventRowsSql({ ...options, period: 'day' }, context, countedEvents(options), options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    `active_days AS (\n  SELECT DISTINCT ${list(g)}customer, period_start AS day FROM counted\n)`,
    `data_end AS (\n  ${Number.isFinite(until) ? `SELECT ${d.instantLiteral(until)} AS at` : `SELECT ${days.dataEnd('ts')} AS at\n  FROM counted`}\n)`,
    `last_day AS (\n  SELECT ${days.start("data_end.at - INTERVAL '1 millisecond'")} AS day FROM data_end\n)`,
  ];
  if (options.distribution) {
    // Each group's months in turn; in each, how many customers were active on 1, 2, … of its days.
    steps.push(
      `customer_months AS (\n  SELECT ${list(g)}date_trunc('month', day) AS month, customer, count(*) AS active_days\n  FROM active_days GROUP BY ${list(g)}date_trunc('month', day), customer\n)`,
      `distribution AS (
  SELECT ${list(g)}month, active_days, count(*) AS customers,
         sum(count(*)) OVER (PARTITION BY ${list(g)}month) AS mau
  FROM customer_months GROUP BY ${list(g)}month, active_days
)`,
    );
    const columns = [
      `${months.label('month')} AS "month"`,
      `${partial} AS "partial"`,
      ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
      'active_days',
      'customers',
      `${d.double('customers')} / mau AS share`,
    ];
    const order = [...g.flatMap((key) => labelOrder(d, key)), 'month', 'active_days'];
    return `WITH ${steps.join(',\n')}\nSELECT ${columns.join(',\n       ')}\nFROM distribution CROSS JOIN data_end\nORDER BY ${order.join(', ')}`;
  }
  steps.push(
    ...monthly('', g),
    ...(g.length > 0 ? monthly('_all', []) : []),
    `overall AS (
  SELECT avg(${ratio(meanDau, 'mau')}) FILTER (WHERE mau > 0 AND NOT ${partial}) AS dau_mau,
         avg(${ratio('mean_wau', 'mau')}) FILTER (WHERE mau > 0 AND NOT ${partial}) AS wau_mau
  FROM figures${g.length > 0 ? '_all' : ''} CROSS JOIN data_end
)`,
  );
  const table = groupPeriodRowsSql(context, options.groupBy, { periods: months, start: 'month', name: 'month', partial }, [
    { name: 'mau', row: 'mau', all: 'NULL' },
    { name: 'mean_dau', row: meanDau, all: 'NULL' },
    { name: 'dau_mau', row: ratio(meanDau, 'mau'), all: 'dau_mau' },
    { name: 'mean_wau', row: 'mean_wau', all: 'NULL' },
    { name: 'wau_mau', row: ratio('mean_wau', 'mau'), all: 'wau_mau' },
    { name: 'mean_active_days', row: ratio('customer_days', 'mau'), all: 'NULL' },
  ]);
  steps.push(...table.steps);
  return `WITH ${steps.join(',\n')}\n${table.select}`;
}
