import { BLANK_LABEL } from '../../schema/values.js';
import { isBlankSql, sqlString } from '../../sql/dialect.js';
import { groupLabel } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { whereSql } from '../../sql/where-sql.js';
import { durationMs } from '../../time/duration.js';
import { eventRowsSql } from '../events/events-sql.js';
import { exposureMetric, metricColumns, type ExperimentOptions } from './options.js';

// An experiment as SQL: each variant's sufficient statistics (and each
// group's), the very columns --summary reads, as a warehouse computes them;
// the statistics are finished in engage (table.ts). From one row per user,
// or from an event log by the exposure rules of exposures.ts.

export function experimentSql(options: ExperimentOptions, context: SqlContext): string {
  return options.exposureEvent === undefined ? userSumsSql(options, context) : exposureSumsSql(options, context);
}

/** The statement's columns after the group labels and the variant, in order (tableFromSql reads them by name). */
export const SUMS = ['users', 'sum', 'sum_squares', 'denominator_sum', 'denominator_sum_squares', 'sum_cross', 'covariate_sum', 'covariate_sum_squares', 'sum_products', 'binary', 'binary_covariate'];

/** Per group and variant, the sums of a relation with a column `variant`, the group columns `groups`, and y (d, x) per user. */
function sumsSelect(context: SqlContext, from: string, groups: string[], y: string, d: string | undefined, x: string | undefined, extra: string[] = []): string {
  const dl = context.dialect;
  const sum = (v: string) => `coalesce(${dl.sum(dl.double(v))}, 0)`;
  const columns = [
    'count(*)',
    sum(y),
    sum(`${y} * ${y}`),
    d === undefined ? '0' : sum(d),
    d === undefined ? '0' : sum(`${d} * ${d}`),
    d === undefined ? '0' : sum(`${y} * ${d}`),
    x === undefined ? '0' : sum(x),
    x === undefined ? '0' : sum(`${x} * ${x}`),
    x === undefined ? '0' : sum(`${x} * ${y}`),
    dl.allTrue(`${y} IN (0, 1)`),
    x === undefined ? 'true' : dl.allTrue(`${x} IN (0, 1)`),
  ];
  const keys = [...groups, 'variant'];
  return `SELECT ${[...groups.map((g, i) => `${g} AS g${i + 1}`), 'variant AS variant', ...columns.map((c, i) => `${c} AS ${SUMS[i]}`), ...extra].join(',\n       ')}\nFROM ${from}\nGROUP BY ${keys.join(', ')}\nORDER BY ${keys.join(', ')}`;
}

function userSumsSql(options: ExperimentOptions, context: SqlContext): string {
  const d = context.dialect;
  const variant = options.variant === undefined ? context.column('variant') : context.groupColumn(options.variant);
  const groups = options.groupBy.map((name) => groupLabel(d, context.groupColumn(name)));
  if (options.summary) {
    // A file of sums already: read back as the statement's columns.
    const col = (name: string) => (context.has(name) ? context.column(name) : name === 'sum_squares' ? context.column('sum') : '0');
    return `SELECT ${[...groups.map((g, i) => `${g} AS g${i + 1}`), `trim(${d.text(variant)}) AS variant`, `${context.column('users')} AS users`, `${context.column('sum')} AS sum`, `${col('sum_squares')} AS sum_squares`, '0 AS denominator_sum', '0 AS denominator_sum_squares', '0 AS sum_cross', `${col('covariate_sum')} AS covariate_sum`, `${col('covariate_sum_squares')} AS covariate_sum_squares`, `${col('sum_products')} AS sum_products`, `${context.has('sum_squares') ? 'false' : 'true'} AS binary`, 'true AS binary_covariate'].join(',\n       ')}\nFROM ${context.table}`;
  }
  const metric = metricColumns(options.metric ?? '');
  // A number of a column, NULL when the cell says nothing (a blank word in a text column).
  const number = (column: string) => `CASE WHEN ${isBlankSql(column)} THEN NULL ELSE ${d.double(column)} END`;
  const y = number(context.groupColumn(metric.numerator));
  const den = metric.denominator === undefined ? undefined : number(context.groupColumn(metric.denominator));
  // A blank covariate is 0: no pre-period activity.
  const x = options.covariate === undefined ? undefined : `coalesce(${number(context.groupColumn(options.covariate))}, 0)`;
  const where = [...whereSql(options.where, d), `NOT (${isBlankSql(variant)})`, `${y} IS NOT NULL`, ...(den === undefined ? [] : [`${den} IS NOT NULL`])];
  const rows = `(SELECT ${[`trim(${d.text(variant)}) AS variant`, ...groups.map((g, i) => `${g} AS h${i + 1}`), `${y} AS y`, ...(den === undefined ? [] : [`${den} AS den`]), ...(x === undefined ? [] : [`${x} AS x`])].join(', ')} FROM ${context.table} WHERE ${where.join(' AND ')}) user_rows`;
  return sumsSelect(context, rows, groups.map((_, i) => `h${i + 1}`), 'y', den === undefined ? undefined : 'den', x === undefined ? undefined : 'x');
}

function exposureSumsSql(options: ExperimentOptions, context: SqlContext): string {
  const d = context.dialect;
  const metric = exposureMetric(options.metric ?? '')!;
  const exposure = options.exposureEvent!.trim().toLowerCase();
  const variantName = options.variant ?? 'variant';
  const labels = [variantName, ...options.groupBy].map((name) => groupLabel(d, context.groupColumn(name)));
  const g = options.groupBy.map((_, i) => `g${i + 2}`);
  const value = metric.column === undefined ? [] : [`${d.double(context.groupColumn(metric.column))} AS v`];
  const window = options.window === undefined ? '' : ` AND m.ts <= f.t0 + ${d.interval(durationMs(options.window), 'millisecond')}`;
  const y =
    metric.kind === 'conversion' ? 'CASE WHEN count(m.ts) > 0 THEN 1 ELSE 0 END' : metric.kind === 'count' ? 'count(m.ts)' : `coalesce(${d.sum('coalesce(m.v, 0)')}, 0)`;
  const steps = [
    `counted AS (\n  ${eventRowsSql({ ...options, engine: 'streaming', period: undefined, groupBy: [variantName, ...options.groupBy], events: [] }, context, [exposure, metric.event], labels, { columns: value })}\n)`,
    `numbered AS (\n  SELECT *, ${d.rowNumber(['customer', 'ts', 'event', 'g1', ...g])} AS row_id FROM counted\n)`,
    // An exposure without a variant is no exposure.
    `exposures AS (\n  SELECT * FROM numbered WHERE event = ${sqlString(exposure)} AND g1 <> ${sqlString(BLANK_LABEL)}\n)`,
    `firsts AS (
  SELECT customer, min(ts) AS t0, count(DISTINCT g1) AS variants,
         ${['g1', ...g].map((key) => `${d.earliest(key, ['ts', 'row_id'])} AS ${key}`).join(', ')}
  FROM exposures GROUP BY customer
)`,
    `users AS (
  SELECT f.customer AS customer, f.g1 AS variant, ${g.map((key, i) => `f.${key} AS h${i + 1}, `).join('')}${y} AS y
  FROM firsts f LEFT JOIN numbered m ON m.customer = f.customer AND m.event = ${sqlString(metric.event)} AND m.ts >= f.t0${window}
  WHERE f.variants = 1
  GROUP BY f.customer, f.g1${g.map((key) => `, f.${key}`).join('')}
)`,
    `left_out AS (\n  SELECT (SELECT count(*) FROM firsts WHERE variants > 1) AS mixed_users, (SELECT count(*) FROM numbered WHERE event = ${sqlString(exposure)} AND g1 = ${sqlString(BLANK_LABEL)}) AS blank_exposures\n)`,
    `users_counted AS (\n  SELECT * FROM users CROSS JOIN left_out\n)`,
  ];
  // Each row carries the users left out and the blank exposures, for the notes.
  const select = sumsSelect(context, 'users_counted', g.map((_, i) => `h${i + 1}`), 'y', undefined, undefined, ['min(mixed_users) AS mixed_users', 'min(blank_exposures) AS blank_exposures']);
  return `WITH ${steps.join(',\n')}\n${select}`;
}

/** The names of the statement's columns, in order: the group labels, the variant, the sums, and an event log's counts left out. */
export function sumsColumnNames(options: ExperimentOptions): string[] {
  return [...options.groupBy.map((_, i) => `g${i + 1}`), 'variant', ...SUMS, ...(options.exposureEvent === undefined ? [] : ['mixed_users', 'blank_exposures'])];
}
