import { sqlString, type Dialect } from '../../sql/dialect.js';
import { groupLabel } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { CANCEL_EVENTS, CHANGE_EVENTS, START_EVENTS } from '../churn/subscriptions.js';
import type { EventOptions } from '../events/event-options.js';
import { eventRowsSql } from '../events/events-sql.js';
import { TRIAL_END_EVENTS, TRIAL_START_EVENTS } from './ledger.js';

// Subscription events as SQL, for engage mrr and retention --mrr (the
// streaming form is ledger.ts and movements.ts): each row's kind and MRR,
// numbered; the grid of periods; each subscription's state after each of its
// events (the price of a start or of a change while open, 0 after a cancel);
// its state at each period's end, carried over periods without events; a
// customer's MRR at a period's end is the sum of their subscriptions' (0
// exactly when none is open); whether they paid inside a period from their
// running MRR after each event. Only equal keys join: ClickHouse plans
// nothing else.

const INTERVAL_MONTHS: [string[], string][] = [
  [['month', 'monthly', 'mo', 'months', ''], '1'],
  [['year', 'yearly', 'annual', 'annually', 'yr', 'years'], '12'],
  [['quarter', 'quarterly', 'quarters'], '3'],
  [['week', 'weekly', 'weeks'], '12.0 / 52'],
  [['day', 'daily', 'days'], '12.0 / 365'],
];

const names = (list: readonly string[]) => list.map(sqlString).join(', ');

/** The steps read, counted (kind, sub, currency, mrr), numbered and grid (every period start of the data). */
export function subscriptionRowsSql(options: EventOptions, context: SqlContext, currency: string | undefined): string[] {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const text = (column: string) => `coalesce(trim(${d.text(context.column(column))}), '')`;
  const number = (column: string, otherwise: string) => (context.has(column) ? `coalesce(${d.double(context.column(column))}, ${otherwise})` : otherwise);
  const months = context.has('interval') ? `CASE ${INTERVAL_MONTHS.map(([words, value]) => `WHEN lower(${text('interval')}) IN (${names(words)}) THEN ${value}`).join(' ')} END` : '1';
  const event = `lower(trim(${d.text(context.column('event'))}))`;
  const columns = [
    `CASE WHEN ${event} IN (${names(START_EVENTS)}) THEN 1 WHEN ${event} IN (${names(CANCEL_EVENTS)}) THEN 2 WHEN ${event} IN (${names(TRIAL_START_EVENTS)}) THEN 4 WHEN ${event} IN (${names(TRIAL_END_EVENTS)}) THEN 5 ELSE 3 END AS kind`,
    `${context.has('subscription_id') ? text('subscription_id') : "''"} AS sub`,
    `${context.has('currency') ? `upper(${text('currency')})` : sqlString(currency?.toUpperCase() ?? '')} AS currency`,
    `${months} AS months`,
    `${number('quantity', '1')} AS quantity`,
    `${number('discount', '0')} AS discount`,
    `${number('amount', '0')} AS price`,
  ];
  return [
    `read AS (\n  ${eventRowsSql(options, context, [...START_EVENTS, ...CANCEL_EVENTS, ...CHANGE_EVENTS, ...TRIAL_START_EVENTS, ...TRIAL_END_EVENTS], options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))), { columns })}\n)`,
    // An interval that names none stops the statement, as it stops engage.
    `counted AS (\n  SELECT *, CASE WHEN kind IN (1, 3) THEN (quantity * price - discount) / months ELSE 0 END AS mrr\n  FROM read\n  WHERE ${d.refuse('months IS NULL', "'engage: an interval that is no billing interval'")}\n)`,
    `numbered AS (\n  SELECT *, ${d.rowNumber(['customer', 'ts', 'event', 'sub', 'currency', ...g])} AS row_id FROM counted\n)`,
    `grid AS (\n  SELECT ${periods.everyStart('min(period_start)', 'max(period_start)')} AS period_start FROM counted\n)`,
  ];
}

/** Each customer's MRR at the start (m0) and end (m1) of every period from their first, and whether they paid inside it or before it. */
export function customerPeriods(d: Dialect, keys: string[], suffix: string): string[] {
  const list = keys.join(', ');
  const on = (a: string, b: string) => keys.map((k) => ` AND ${a}.${k} = ${b}.${k}`).join('');
  return [
    // A subscription's runs: each start or cancel opens one; a change sets the price only in a run a start opened.
    // Trial events change no subscription: only starts, cancels and changes make its states.
    `runs${suffix} AS (\n  SELECT *, sum(CASE WHEN kind IN (1, 2) THEN 1 ELSE 0 END) OVER (PARTITION BY ${list}, sub ORDER BY ts, row_id ROWS UNBOUNDED PRECEDING) AS run\n  FROM numbered WHERE kind <= 3\n)`,
    `states${suffix} AS (
  SELECT *, CASE WHEN kind = 1 THEN mrr WHEN kind = 2 THEN 0 WHEN first_value(kind) OVER (PARTITION BY ${list}, sub, run ORDER BY ts, row_id) = 1 THEN mrr ELSE 0 END AS state
  FROM runs${suffix}
)`,
    // The customer's MRR after each event as a running sum of changes: only whether it is above 0 is read from it.
    `running${suffix} AS (
  SELECT ${list}, period_start, ts, row_id, sum(delta) OVER (PARTITION BY ${list} ORDER BY ts, row_id ROWS UNBOUNDED PRECEDING) AS total
  FROM (SELECT *, state - coalesce(lag(state) OVER (PARTITION BY ${list}, sub ORDER BY ts, row_id), 0) AS delta FROM states${suffix}) changes
)`,
    `paid${suffix} AS (\n  SELECT ${list}, period_start, max(CASE WHEN total > 1e-9 THEN 1 ELSE 0 END) AS paid_inside FROM running${suffix} GROUP BY ${list}, period_start\n)`,
    `sub_last${suffix} AS (\n  SELECT ${list}, sub, period_start, ${d.latest('state', ['ts', 'row_id'])} AS state FROM states${suffix} GROUP BY ${list}, sub, period_start\n)`,
    `sub_first${suffix} AS (\n  SELECT ${list}, sub, min(period_start) AS first_start FROM states${suffix} GROUP BY ${list}, sub\n)`,
    `sub_grid${suffix} AS (
  SELECT ${keys.map((k) => `f.${k} AS ${k}`).join(', ')}, f.sub AS sub, p.period_start AS period_start, l.state AS state
  FROM sub_first${suffix} f CROSS JOIN grid p
  LEFT JOIN sub_last${suffix} l ON l.sub = f.sub AND l.period_start = p.period_start${on('l', 'f')}
  WHERE p.period_start >= f.first_start
)`,
    // A period without the subscription's events keeps its state from the last period with one.
    `sub_end${suffix} AS (
  SELECT ${list}, sub, period_start, coalesce(max(state) OVER (PARTITION BY ${list}, sub, filled), 0) AS state
  FROM (SELECT *, count(state) OVER (PARTITION BY ${list}, sub ORDER BY period_start ROWS UNBOUNDED PRECEDING) AS filled FROM sub_grid${suffix}) carried
)`,
    `customer_end${suffix} AS (\n  SELECT ${list}, period_start, sum(state) AS m1 FROM sub_end${suffix} GROUP BY ${list}, period_start\n)`,
    `customer_periods${suffix} AS (
  SELECT ${keys.map((k) => `c.${k} AS ${k}`).join(', ')}, c.period_start AS period_start, c.m1 AS m1,
         coalesce(lag(c.m1) OVER (PARTITION BY ${keys.map((k) => `c.${k}`).join(', ')} ORDER BY c.period_start), 0) AS m0,
         coalesce(p.paid_inside, 0) AS paid_inside,
         coalesce(max(coalesce(p.paid_inside, 0)) OVER (PARTITION BY ${keys.map((k) => `c.${k}`).join(', ')} ORDER BY c.period_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS paid_before
  FROM customer_end${suffix} c LEFT JOIN paid${suffix} p ON p.period_start = c.period_start${on('p', 'c')}
)`,
  ];
}

