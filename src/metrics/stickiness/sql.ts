import { sqlName } from '../../sql/dialect.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
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
  for (const [given, what] of [
    [options.rolling !== undefined, '--rolling'],
    [options.period !== undefined, 'stickiness --period'],
    [options.cumulative, '--cumulative'],
    [options.criteria !== undefined, '--criteria'],
  ] as const) {
    if (given) throw new NoSqlForm(what);
  }
  const d = context.dialect;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const months = context.periods('month', options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  // A joined relation's columns are named (`b.month AS month`): ClickHouse would name the column `b.month`.
  const list = (keys: string[], alias = '') => keys.map((key) => (alias ? `${alias}${key} AS ${key}, ` : `${key}, `)).join('');
  const weeks = context.periods('week', options.tz, 'monday')!;
  const day = d.interval(1, 'day');
  const week = d.interval(7, 'day');
  const on = (a: string, b: string, keys: string[]) => keys.map((key) => `${a}.${key} = ${b}.${key} AND `).join('');
  const grouped = (keys: string[], extra: string) => ` GROUP BY ${[...keys, extra].join(', ')}`;

  /**
   * Each month's figures of each group (keys): mau, mean_dau, mean_wau (NULL without a whole
   * week), active days. Every step joins on equal keys (a day's month, a week's Monday), so
   * that engines without correlated subqueries or range joins (ClickHouse) run it as well.
   */
  const monthly = (suffix: string, keys: string[]) => {
    const days = suffix === '_all' ? 'active_days_all' : 'active_days';
    return [
      `months${suffix} AS (
  SELECT ${list(keys)}${months.everyStart('lo', 'hi')} AS month
  FROM (SELECT ${list(keys)}min(month) AS lo, max(month) AS hi FROM (SELECT ${list(keys)}${months.startOfLocal('day')} AS month FROM ${days}) a${keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : ''}) spans
)`,
      // A month reaches to its end, or to the data's last day.
      `bounded${suffix} AS (
  SELECT m.*, least(m.month + ${d.interval(1, 'month')}, last_day.day + ${day}) AS month_end
  FROM months${suffix} m CROSS JOIN last_day
)`,
      `month_actives${suffix} AS (
  SELECT ${list(keys, 'b.')}b.month AS month, count(DISTINCT a.customer) AS mau, count(*) AS customer_days
  FROM ${days} a JOIN bounded${suffix} b ON ${on('a', 'b', keys)}b.month = ${months.startOfLocal('a.day')}
  WHERE a.day < b.month_end${grouped(keys.map((key) => `b.${key}`), 'b.month')}
)`,
      // The ISO weeks wholly inside each month and the data: Mondays from the month's first to a week before its end.
      `mondays${suffix} AS (
  SELECT ${list(keys)}month, ${weeks.everyStart(weeks.startOfLocal(`month + ${d.interval(6, 'day')}`), `month_end - ${week}`)} AS monday FROM bounded${suffix}
)`,
      `week_actives${suffix} AS (
  SELECT ${list(keys)}${weeks.startOfLocal('day')} AS monday, count(DISTINCT customer) AS wau FROM ${days}${grouped(keys, weeks.startOfLocal('day'))}
)`,
      `week_figures${suffix} AS (
  SELECT ${list(keys, 'm.')}m.month AS month, count(*) AS weeks, avg(${d.double('coalesce(w.wau, 0)')}) AS mean_wau
  FROM mondays${suffix} m LEFT JOIN week_actives${suffix} w ON ${on('w', 'm', keys)}w.monday = m.monday${grouped(keys.map((key) => `m.${key}`), 'm.month')}
)`,
      `figures${suffix} AS (
  SELECT ${list(keys, 'b.')}b.month AS month, coalesce(a.mau, 0) AS mau, coalesce(a.customer_days, 0) AS customer_days,
         ${d.dayDiff('b.month', 'b.month_end')} AS day_count, coalesce(w.weeks, 0) AS weeks, w.mean_wau AS mean_wau
  FROM bounded${suffix} b
  LEFT JOIN month_actives${suffix} a ON ${on('a', 'b', keys)}a.month = b.month
  LEFT JOIN week_figures${suffix} w ON ${on('w', 'b', keys)}w.month = b.month
)`,
    ];
  };
  const ratio = (part: string, whole: string) => `CASE WHEN ${whole} > 0 THEN ${d.double(part)} / ${whole} END`;
  const meanDau = `CASE WHEN day_count > 0 THEN ${d.double('customer_days')} / day_count ELSE 0 END`;
  const partial = months.partial('month', since);
  const steps = [
    `counted AS (\n  ${eventRowsSql({ ...options, period: 'day' as const }, context, countedEvents({ ...options, period: 'day' as const }), options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    `active_days AS (\n  SELECT DISTINCT ${list(g)}customer, period_start AS day FROM counted\n)`,
    days.dataEndStep(until),
    `last_day AS (\n  SELECT ${days.start(`data_end.at - ${d.interval(1, 'millisecond')}`)} AS day FROM data_end\n)`,
  ];
  if (options.distribution) {
    // Each group's months in turn; in each, how many customers were active on 1, 2, … of its days.
    steps.push(
      `customer_months AS (\n  SELECT ${list(g)}${months.startOfLocal('day')} AS month, customer, count(*) AS active_days\n  FROM active_days GROUP BY ${list(g)}${months.startOfLocal('day')}, customer\n)`,
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
    ...(g.length > 0 ? [`active_days_all AS (\n  SELECT DISTINCT customer, day FROM active_days\n)`] : []),
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
