import { sqlName } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import { snakeCase } from '../../schema/columns.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { countedEvents } from '../events/event-plan.js';
import { eventRowsSql, groupPeriodRowsSql } from '../events/events-sql.js';
import { CRITERIA, type StickinessOptions } from './options.js';
import { rollingWindows } from './rolling.js';

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
    // A customer is active on a day with a counted event (--criteria: that many events that day).
    `active_days AS (\n  ${activeDaysSql(options, g)}\n)`,
    days.dataEndStep(until),
    `last_day AS (\n  SELECT ${days.start(`data_end.at - ${d.interval(1, 'millisecond')}`)} AS day FROM data_end\n)`,
    // The range read starts with --since, or with the first day with a counted event.
    `first_day AS (\n  SELECT ${Number.isFinite(since) ? `${days.start(d.instantLiteral(since))} AS day` : 'min(period_start) AS day FROM counted'}\n)`,
  ];
  if (options.distribution) return distributionSql(options, context, steps, g);
  // All groups together: a customer's events of every group count towards --criteria.
  if (g.length > 0) steps.push(`active_days_all AS (\n  ${activeDaysSql(options, [])}\n)`);
  if (options.rolling) return rollingSql(options, context, steps, g);
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

/** The active days of each group's customers (keys g1 …), or of all groups together (no keys). */
function activeDaysSql(options: StickinessOptions, keys: string[]): string {
  const list = keys.map((key) => `${key}, `).join('');
  if (options.criteria === undefined) return `SELECT DISTINCT ${list}customer, period_start AS day FROM counted`;
  const [, operator, value] = CRITERIA.exec(options.criteria)!;
  return `SELECT ${list}customer, period_start AS day FROM counted GROUP BY ${list}customer, period_start HAVING count(*) ${operator === '=' ? '=' : operator} ${value}`;
}

/**
 * --distribution: each group's weeks, months or the one range in turn; in each, the customers
 * active on 1, 2, … of its days (--cumulative: on n or more), with their share of the period's actives.
 */
function distributionSql(options: StickinessOptions, context: SqlContext, steps: string[], g: string[]): string {
  const d = context.dialect;
  const { since } = context.window(options);
  const unit = options.period ?? 'month';
  const list = g.map((key) => `${key}, `).join('');
  const days = context.periods('day', options.tz, options.weekStart)!;
  const periods = unit === 'range' ? undefined : context.periods(unit, options.tz, options.weekStart)!;
  const periodOf = periods ? periods.startOfLocal('a.day') : 'f.day';
  steps.push(
    `customer_periods AS (\n  SELECT ${g.map((key) => `a.${key} AS ${key}, `).join('')}${periodOf} AS p, a.customer AS customer, count(*) AS active_days\n  FROM active_days a CROSS JOIN first_day f\n  GROUP BY ${g.map((key) => `a.${key}, `).join('')}${periodOf}, a.customer\n)`,
    options.cumulative
      ? `counts AS (\n  SELECT ${list}p, n AS active_days, count(*) AS customers\n  FROM (SELECT ${list}p, customer, ${d.series('1', 'active_days', '1')} AS n FROM customer_periods) at_least\n  GROUP BY ${list}p, n\n)`
      : `counts AS (\n  SELECT ${list}p, active_days, count(*) AS customers FROM customer_periods GROUP BY ${list}p, active_days\n)`,
    `actives AS (\n  SELECT ${list}p, count(*) AS mau FROM customer_periods GROUP BY ${list}p\n)`,
  );
  const label = periods ? periods.label('c.p') : `${days.label('first_day.day')} || '..' || ${days.label('last_day.day')}`;
  const columns = [
    `${label} AS ${sqlName(unit)}`,
    `${periods ? periods.partial('c.p', since) : 'false'} AS "partial"`,
    ...options.groupBy.map((name, i) => `c.${g[i]} AS ${sqlName(snakeCase(name))}`),
    `c.active_days AS ${sqlName(options.cumulative ? 'active_days_at_least' : 'active_days')}`,
    'c.customers AS "customers"',
    `${d.double('c.customers')} / a.mau AS "share"`,
  ];
  const order = [...g.flatMap((key) => labelOrder(d, `c.${key}`)), 'c.p', 'c.active_days'];
  return `WITH ${steps.join(',\n')}
SELECT ${columns.join(',\n       ')}
FROM counts c JOIN actives a ON a.p = c.p${g.map((key) => ` AND a.${key} = c.${key}`).join('')} CROSS JOIN data_end CROSS JOIN first_day CROSS JOIN last_day
ORDER BY ${order.join(', ')}`;
}

/**
 * --rolling: for each day of the range and each window n, the customers active on one of the
 * n days up to it. Each active day covers itself and the n − 1 days after it; days are numbered
 * so that every engine adds to them alike.
 */
function rollingSql(options: StickinessOptions, context: SqlContext, steps: string[], g: string[]): string {
  const d = context.dialect;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const windows = rollingWindows(options);
  const longest = windows[windows.length - 1];
  const number = (day: string) => d.dayDiff(d.localLiteral('1970-01-01', options.tz), day);
  const list = (keys: string[]) => keys.map((key) => `${key}, `).join('');
  steps.push(
    `range_days AS (\n  SELECT ${days.everyStart('f.day', 'l.day')} AS day FROM first_day f CROSS JOIN last_day l WHERE f.day IS NOT NULL\n)`,
    `numbered_days AS (\n  SELECT day, ${number('day')} AS dn, ${number('(SELECT day FROM first_day)')} AS first_dn FROM range_days\n)`,
  );
  const covered = (suffix: string, keys: string[]) =>
    windows.map(
      (n) => `covered_${n}${suffix} AS (
  SELECT ${list(keys)}${number('a.day')} + k AS dn, count(DISTINCT a.customer) AS actives
  FROM active_days${suffix} a CROSS JOIN (SELECT ${d.series('0', String(n - 1), '1')} AS k) offsets
  GROUP BY ${list(keys)}${number('a.day')} + k
)`,
    );
  const block = (suffix: string, keys: string[], overall: boolean) => {
    const groups = overall ? '' : `CROSS JOIN (SELECT DISTINCT ${g.join(', ')} FROM counted) groups`;
    const joins = windows.map((n) => `\n  LEFT JOIN covered_${n}${suffix} w${n} ON w${n}.dn = t.dn${keys.map((key) => ` AND w${n}.${key} = groups.${key}`).join('')}`).join('');
    return `SELECT ${overall ? 1 : 0} AS group_overall, t.day AS day, t.dn - ${longest - 1} < t.first_dn AS incomplete,
         ${g.map((key) => `${overall ? "'all'" : `groups.${key}`} AS ${key}, `).join('')}${windows.map((n) => `coalesce(w${n}.actives, 0) AS a${n}`).join(', ')}
  FROM numbered_days t ${groups}${joins}`;
  };
  steps.push(...covered('', g), ...(g.length > 0 ? covered('_all', []) : []));
  const blocks = [...(g.length > 0 ? [block('', g, false)] : []), block(g.length > 0 ? '_all' : '', [], true)];
  steps.push(`rolling AS (\n  ${blocks.join('\n  UNION ALL\n  ')}\n)`);
  const pairs = windows.flatMap((short, i) => windows.slice(i + 1).map((long) => [short, long] as const));
  const columns = [
    `${days.label('day')} AS "day"`,
    'incomplete AS "incomplete"',
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    ...windows.map((n) => `a${n} AS ${sqlName(`active_${n}d`)}`),
    ...pairs.map(([short, long]) => `CASE WHEN a${long} > 0 THEN ${d.double(`a${short}`)} / a${long} END AS ${sqlName(`ratio_${short}d_${long}d`)}`),
  ];
  const order = ['group_overall', ...g.flatMap((key) => labelOrder(d, key)), 'day'];
  return `WITH ${steps.join(',\n')}\nSELECT ${columns.join(',\n       ')}\nFROM rolling\nORDER BY ${order.join(', ')}`;
}
