import { NoSqlForm } from '../../sql/no-sql-form.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { snakeCase } from '../../schema/columns.js';
import { eventRowsSql } from '../events/events-sql.js';
import { timeColumnNames, type FunnelOptions } from './options.js';
import { funnelRule } from './rule.js';

// The funnel as SQL (product-analytics.md "Funnels"; the streaming form is
// attempts.ts), for ordered steps and each customer's first attempt: the
// attempt starts at the customer's first step-1 event; step k is the earliest
// event of its name at or after step k−1, not matched already (a repeated
// step needs another row), within --window of the start, so each step is a
// minimum over the events after the one before. With --group-by, each
// group's rows, then the overall funnel over every event.

export function funnelSql(options: FunnelOptions, context: SqlContext): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  for (const [given, what] of [
    [options.order !== 'ordered', `--order ${options.order}`],
    [options.entry !== 'first', `--entry ${options.entry}`],
    [options.exclude.length > 0, '--exclude'],
    [options.period !== undefined, 'funnel --period'],
    [options.timeToConvert, '--time-to-convert'],
    [options.attribution !== undefined, '--attribution'],
  ] as const) {
    if (given) throw new NoSqlForm(what);
  }
  const d = context.dialect;
  const rule = funnelRule(options);
  const steps = rule.steps;
  const window = d.interval(rule.window, 'millisecond');
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  // A joined relation's columns are named (`p.customer AS customer`): ClickHouse would name the column `p.customer`.
  const list = (keys: string[], alias = '') => keys.map((key) => (alias ? `${alias}${key} AS ${key}, ` : `${key}, `)).join('');
  const keysOf = (keys: string[], alias: string) => keys.map((key) => `${alias}${key}, `).join('');
  const same = (a: string, b: string, keys: string[]) => keys.map((key) => ` AND ${a}.${key} = ${b}.${key}`).join('');
  const matched = (k: number) => Array.from({ length: k }, (_, j) => `r${j + 1}`);
  const first = (value: string, alias: string) => d.earliest(value, [`${alias}ts`, `${alias}row_id`]);

  /** Each customer's time at each step reached, per group (keys), with the rows matched so far (r1 … rk). */
  const reached = (suffix: string, keys: string[]) =>
    steps.map((step, k) => {
      if (k === 0) return `step_1${suffix} AS (\n  SELECT ${list(keys)}customer, min(ts) AS start, min(ts) AS reached_at, ${first('row_id', '')} AS r1\n  FROM numbered WHERE event = ${sqlString(step)}\n  GROUP BY ${list(keys)}customer\n)`;
      // A step whose name an earlier step has takes another row than that step's.
      const unmatched = steps.slice(0, k).flatMap((name, j) => (name === step ? [` AND e.row_id <> p.r${j + 1}`] : [])).join('');
      const carried = matched(k).map((r) => `p.${r}`);
      return `step_${k + 1}${suffix} AS (
  SELECT ${list(keys, 'p.')}p.customer AS customer, p.start AS start, min(e.ts) AS reached_at, p.reached_at AS before_at,
         ${carried.map((r) => `${r} AS ${r.slice(2)}`).join(', ')}, ${first('e.row_id', 'e.')} AS r${k + 1}
  FROM step_${k}${suffix} p
  JOIN numbered e ON e.customer = p.customer${same('e', 'p', keys)} AND e.event = ${sqlString(step)} AND e.ts >= p.reached_at AND e.ts <= p.start + ${window}${unmatched}
  GROUP BY ${keysOf(keys, 'p.')}p.customer, p.start, p.reached_at, ${carried.join(', ')}
)`;
    });
  const hours = (from: string) => `${d.secondsBetween(from, 'reached_at')} / 3600`;
  const timeFigures = (from: string) => [d.mean(hours(from)), ...options.percentiles.map((p) => d.percentile(hours(from), p / 100))];
  const timeNames = (from: string) => [`mean_${from}`, ...options.percentiles.map((_, i) => `p${i}_${from}`)];
  const names = [...timeNames('previous'), ...timeNames('first')];
  /** Per group (keys) and step: customers, and the times from the step before and from step 1. */
  const figures = (suffix: string, keys: string[]) =>
    `figures${suffix} AS (\n  ${steps
      .map((_, k) => {
        const times = k === 0 ? names.map((name) => `${d.double('NULL')} AS ${name}`) : [...timeFigures('before_at'), ...timeFigures('start')].map((expr, i) => `${expr} AS ${names[i]}`);
        return `SELECT ${list(keys)}${k + 1} AS step, count(*) AS customers, ${times.join(', ')} FROM step_${k + 1}${suffix}${keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : ''}`;
      })
      .join('\n  UNION ALL\n  ')}\n)`;
  // Literal rows as a union of SELECTs: every engine names their columns so (ClickHouse has no VALUES … AS t(a, b)).
  const stepRows = `(${steps.map((step, k) => `SELECT ${k + 1} AS step, ${sqlString(step)} AS event`).join(' UNION ALL ')}) steps`;
  /** Every step of every group with someone at step 1, reached or not, with its conversions. */
  const rows = (suffix: string, keys: string[], from: string, overall: number) => `SELECT ${overall} AS overall_row, ${keys.map((key) => `${overall ? "'all'" : `groups.${key}`} AS ${key}, `).join('')}steps.step AS step, steps.event AS event,
         coalesce(f.customers, 0) AS customers,
         CASE WHEN steps.step > 1 AND coalesce(previous_step.customers, 0) > 0 THEN ${d.double('coalesce(f.customers, 0)')} / previous_step.customers END AS conversion_from_previous,
         CASE WHEN coalesce(first_step.customers, 0) > 0 THEN ${d.double('coalesce(f.customers, 0)')} / first_step.customers END AS conversion_from_first,
         ${names.map((name) => `f.${name} AS ${name}`).join(', ')}
  FROM ${from} CROSS JOIN ${stepRows}
  LEFT JOIN figures${suffix} f ON f.step = steps.step${overall ? '' : same('f', 'groups', keys)}
  LEFT JOIN figures${suffix} previous_step ON previous_step.step = steps.step - 1${overall ? '' : same('previous_step', 'groups', keys)}
  LEFT JOIN figures${suffix} first_step ON first_step.step = 1${overall ? '' : same('first_step', 'groups', keys)}`;
  const stepsCtes = [
    `counted AS (\n  ${eventRowsSql({ ...options, period: 'day' }, context, [...new Set(steps)], options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    `numbered AS (\n  SELECT *, row_number() OVER () AS row_id FROM counted\n)`,
    ...reached('', g),
    figures('', g),
    ...(g.length > 0 ? [...reached('_all', []), figures('_all', [])] : []),
  ];
  const body = g.length > 0
    ? `${rows('', g, `(SELECT DISTINCT ${g.join(', ')} FROM step_1) groups`, 0)}\n  UNION ALL\n  ${rows('_all', g, '(SELECT 1) groups', 1)}`
    : rows('', [], '(SELECT 1) groups', 1);
  stepsCtes.push(`funnel AS (\n  ${body}\n)`);
  const select = [
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'step AS "step"',
    'event AS "event"',
    'customers AS "customers"',
    'conversion_from_previous AS "conversion_from_previous"',
    'conversion_from_first AS "conversion_from_first"',
    ...[...timeColumnNames(options.percentiles, 'previous'), ...timeColumnNames(options.percentiles, 'first')].map((name, i) => `${names[i]} AS ${sqlName(name)}`),
  ];
  const order = ['overall_row', ...g.flatMap((key) => labelOrder(d, key)), 'step'];
  return `WITH ${stepsCtes.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM funnel\nORDER BY ${order.join(', ')}`;
}
