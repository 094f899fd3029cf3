import { sqlString, type Dialect } from '../../sql/dialect.js';
import { groupLabel } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { amountSql, eventRowsSql, groupPeriodRowsSql } from '../events/events-sql.js';
import type { ChurnOptions } from './options.js';
import { CANCEL_EVENTS, CHANGE_EVENTS, START_EVENTS } from './subscriptions.js';

// Churn, subscription model, as SQL (METRICS.md "Churn"; the streaming form
// is subscriptions.ts). A customer has one subscription at a time: a start
// opens it with its amount as MRR, a change sets the MRR while it is open, a
// cancel ends it. Events in time order (a file's order among equal times);
// the state after an event comes from the last start or cancel up to it, the
// state at a period's end from the period's last event, or is carried from
// the period before. Every group lists every period of the whole log.

const kinds = (names: readonly string[]) => names.map(sqlString).join(', ');

export function subscriptionChurnSql(options: ChurnOptions, context: SqlContext): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const mrr = context.has('amount');
  const partial = periods.partial('period_start', since);
  const steps = [
    `counted AS (\n  ${eventRowsSql(options, context, [...START_EVENTS, ...CANCEL_EVENTS, ...CHANGE_EVENTS], options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))), { columns: [amountSql(context)] })}\n)`,
    `subscription_events AS (
  SELECT *, CASE WHEN event IN (${kinds(START_EVENTS)}) THEN 'start' WHEN event IN (${kinds(CANCEL_EVENTS)}) THEN 'cancel' ELSE 'change' END AS kind,
         ${d.rowNumber(['customer', 'ts', 'event', 'amount', ...g])} AS row_id
  FROM counted
)`,
    `every_period AS (\n  SELECT ${periods.everyStart('min(period_start)', 'max(period_start)')} AS period_start\n  FROM subscription_events\n)`,
    periods.dataEndStep(until),
    `amounts_known AS (\n  SELECT ${d.anyTrue('amount IS NOT NULL')} AS known FROM subscription_events\n)`,
    ...statesSql(d, g, ''),
    ...(g.length > 0 ? statesSql(d, [], '_all') : []),
    `overall AS (
  SELECT ${FIGURES.map((name, i) => `${i < COUNTS ? 'CAST(' : ''}coalesce(sum(${name}) FILTER (WHERE NOT ${partial}), 0)${i < COUNTS ? ' AS BIGINT)' : ''} AS ${name}`).join(',\n         ')}
  FROM figures${g.length > 0 ? '_all' : ''} CROSS JOIN data_end
)`,
  ];
  const include = options.samePeriod === 'include';
  const churned = include ? 'churned + same_period' : 'churned';
  const base = include ? 'at_start + new_customers + same_period' : 'at_start';
  const rate = `CASE WHEN ${base} > 0 THEN ${d.double(churned)} / (${base}) END`;
  const known = (expr: string) => `CASE WHEN (SELECT known FROM amounts_known) THEN ${expr} END`;
  const share = (part: string) => known(`CASE WHEN mrr_at_start > 0 THEN ${d.double(part)} / mrr_at_start END`);
  const columns = [
    { name: 'customers_at_start', expr: 'at_start' },
    { name: 'new', expr: 'new_customers' },
    { name: 'started_and_ended', expr: 'same_period' },
    { name: 'churned', expr: churned },
    { name: 'churn_rate', expr: rate },
    { name: 'retention_rate', expr: `1 - ${rate}` },
    ...(mrr
      ? [
          { name: 'mrr_at_start', expr: known('mrr_at_start') },
          { name: 'new_mrr', expr: known('new_mrr') },
          { name: 'churned_mrr', expr: known('churned_mrr') },
          { name: 'contraction_mrr', expr: known('contraction') },
          { name: 'expansion_mrr', expr: known('expansion') },
          { name: 'gross_mrr_churn', expr: share('churned_mrr + contraction') },
          { name: 'net_mrr_churn', expr: share('churned_mrr + contraction - expansion') },
        ]
      : []),
  ];
  // The figures and the overall sums carry the same names: each column is one expression over either.
  const table = groupPeriodRowsSql(context, options.groupBy, { periods, start: 'period_start', name: 'period', partial }, columns.map((c) => ({ name: c.name, row: c.expr, all: c.expr })));
  steps.push(...table.steps);
  return `WITH ${steps.join(',\n')}\n${table.select}`;
}

/** The figures of a period: counts of customers first, then MRR. */
const COUNTS = 4;
const FIGURES = ['at_start', 'new_customers', 'same_period', 'churned', 'mrr_at_start', 'new_mrr', 'churned_mrr', 'contraction', 'expansion'];

/** Each customer's state at each period's end, and the period's figures, per group (keys g1…) or for all (suffix _all). */
function statesSql(d: Dialect, keys: string[], suffix: string): string[] {
  // A joined relation's columns are named (`c.g1 AS g1`): ClickHouse would name the column `c.g1`.
  const list = (alias = '') => keys.map((key) => (alias ? `${alias}${key} AS ${key}, ` : `${key}, `)).join('');
  const keysOf = (alias: string) => keys.map((key) => `${alias}${key}, `).join('');
  const customer = `PARTITION BY ${list()}customer`;
  const inOrder = `${customer} ORDER BY ts, row_id`;
  const joined = (a: string, b: string) => [`${a}.customer = ${b}.customer`, ...keys.map((key) => `${a}.${key} = ${b}.${key}`)].join(' AND ');
  return [
    // Events since each start or cancel share a run; the run's first event says whether it is open.
    `runs${suffix} AS (
  SELECT *, count(*) FILTER (WHERE kind <> 'change') OVER (${inOrder} ROWS UNBOUNDED PRECEDING) AS run
  FROM subscription_events
)`,
    `after_event${suffix} AS (
  SELECT *, first_value(kind) OVER (PARTITION BY ${list()}customer, run ORDER BY ts, row_id) = 'start' AS open
  FROM runs${suffix}
)`,
    // A start in a period that began closed opens a subscription (only a start opens one).
    `period_last${suffix} AS (
  SELECT ${list()}customer, period_start,
         ${d.anyTrue("kind = 'start'")} AS started_inside,
         ${d.latest('open', ['ts', 'row_id'])} AS open,
         ${d.latest('CASE WHEN open THEN coalesce(amount, 0) ELSE 0 END', ['ts', 'row_id'])} AS mrr
  FROM after_event${suffix}
  GROUP BY ${list()}customer, period_start
)`,
    // Every customer of the group in every period; a period without events keeps the state before it.
    `grid${suffix} AS (
  SELECT ${list('c.')}c.customer AS customer, p.period_start AS period_start, l.started_inside AS started_inside, l.open AS open, l.mrr AS mrr,
         count(l.open) OVER (PARTITION BY ${keysOf('c.')}c.customer ORDER BY p.period_start) AS known_run
  FROM (SELECT DISTINCT ${list()}customer FROM subscription_events) c
  CROSS JOIN every_period p
  LEFT JOIN period_last${suffix} l ON ${joined('l', 'c')} AND l.period_start = p.period_start
)`,
    `at_end${suffix} AS (
  SELECT ${list()}customer, period_start, coalesce(started_inside, false) AS started,
         coalesce(first_value(open) OVER (${customer}, known_run ORDER BY period_start), false) AS open,
         coalesce(first_value(mrr) OVER (${customer}, known_run ORDER BY period_start), 0) AS mrr
  FROM grid${suffix}
)`,
    `moves${suffix} AS (
  SELECT *, coalesce(lag(open) OVER (${customer} ORDER BY period_start), false) AS was_open,
         coalesce(lag(mrr) OVER (${customer} ORDER BY period_start), 0) AS mrr_before
  FROM at_end${suffix}
)`,
    `figures${suffix} AS (
  SELECT ${list()}period_start,
         count(*) FILTER (WHERE was_open) AS at_start,
         count(*) FILTER (WHERE NOT was_open AND started AND open) AS new_customers,
         count(*) FILTER (WHERE NOT was_open AND started AND NOT open) AS same_period,
         count(*) FILTER (WHERE was_open AND NOT open) AS churned,
         coalesce(sum(mrr_before) FILTER (WHERE was_open), 0) AS mrr_at_start,
         coalesce(sum(mrr) FILTER (WHERE NOT was_open AND started AND open), 0) AS new_mrr,
         coalesce(sum(mrr_before) FILTER (WHERE was_open AND NOT open), 0) AS churned_mrr,
         coalesce(sum(mrr_before - mrr) FILTER (WHERE was_open AND open AND mrr < mrr_before), 0) AS contraction,
         coalesce(sum(mrr - mrr_before) FILTER (WHERE was_open AND open AND mrr > mrr_before), 0) AS expansion
  FROM moves${suffix}
  GROUP BY ${list()}period_start
)`,
  ];
}
