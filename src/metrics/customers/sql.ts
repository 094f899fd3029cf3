import { sqlString } from '../../sql/dialect.js';
import { labelOrder } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import { civilFromDays, formatDate } from '../../time/calendar.js';
import { countedEvents } from '../events/event-plan.js';
import { amountSql, eventRowsSql, orderIdSql, orderKeySql } from '../events/events-sql.js';
import { PURCHASE_EVENTS } from '../repeat/options.js';
import type { RfmOptions } from './options.js';
import { observationEndDay, type CustomerOptions } from './options.js';
import { SEGMENT_MAP, SEGMENTS } from './rfm.js';

// engage customers and engage rfm as SQL (METRICS.md "Customers and their
// value"; the streaming forms are summary.ts and rfm.ts): purchase rows up to
// the last day observed, merged per --freq period for the BTYD summary, and
// per customer their orders, revenue and last day for RFM. The model fits of
// engage clv stay in engage: their input is this summary.

/** The steps every customer form shares: purchases observed, and each customer's figures. */
function customerSteps(options: CustomerOptions, context: SqlContext): { steps: string[]; amounts: boolean } {
  const d = context.dialect;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const amounts = context.has('amount');
  const ts = context.column('timestamp');
  const selected = countedEvents({ ...options, groupBy: [] }, { defaultEvents: context.has('event') ? PURCHASE_EVENTS : undefined });
  const columns = [
    `${days.start(ts)} AS day`,
    amountSql(context),
    orderIdSql(context),
  ];
  const end = observationEnd(options);
  return {
    amounts,
    steps: [
      `counted AS (\n  ${eventRowsSql({ ...options, period: options.freq, groupBy: [] }, context, selected, [], { columns })}\n)`,
      `numbered AS (\n  SELECT *, ${d.rowNumber(['customer', 'ts', 'event', 'order_id', 'amount'])} AS row_id FROM counted\n)`,
      // The last day observed: --observation-end, else the day of the latest purchase.
      `observation AS (\n  ${end === undefined ? 'SELECT max(day) AS end_day FROM numbered' : `SELECT ${d.localLiteral(end, options.tz)} AS end_day`}\n)`,
      `observed AS (\n  SELECT numbered.* FROM numbered CROSS JOIN observation WHERE day <= end_day\n)`,
      // Purchases in one period are one purchase, their amounts summed.
      `purchase_periods AS (
  SELECT customer, period_start, ${d.sum('amount')} AS amount,
         row_number() OVER (PARTITION BY customer ORDER BY period_start) AS n
  FROM observed GROUP BY customer, period_start
)`,
      `per_customer AS (
  SELECT p.customer AS customer, count(*) - 1 AS frequency, min(p.period_start) AS first_period, max(p.period_start) AS last_period,
         ${d.sum('coalesce(p.amount, 0)')} FILTER (WHERE p.n > 1) AS repeat_sum,
         o.orders AS orders, o.revenue AS revenue, o.amounts AS amounts, o.first_ts AS first_ts, o.last_ts AS last_ts
  FROM purchase_periods p JOIN (
    SELECT customer, count(DISTINCT ${orderKeySql(d)}) AS orders,
           ${d.sum('amount')} AS revenue, count(amount) AS amounts, min(ts) AS first_ts, max(ts) AS last_ts
    FROM observed GROUP BY customer
  ) o ON o.customer = p.customer
  GROUP BY p.customer, o.orders, o.revenue, o.amounts, o.first_ts, o.last_ts
)`,
    ],
  };
}

/** --observation-end as the wall-clock day it names, YYYY-MM-DD. */
function observationEnd(options: CustomerOptions): string | undefined {
  const day = observationEndDay(options);
  return day === undefined ? undefined : formatDate(civilFromDays(day));
}

export function customersSql(options: CustomerOptions, context: SqlContext): string {
  const d = context.dialect;
  const freq = context.periods(options.freq, options.tz, options.weekStart)!;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const { steps, amounts } = customerSteps(options, context);
  const columns = [
    'customer AS customer_id',
    'frequency',
    `${freq.offset('first_period', 'last_period')} AS recency`,
    `${freq.offset('first_period', freq.startOfLocal('end_day'))} AS "T"`,
    ...(amounts ? [`CASE WHEN amounts = 0 THEN NULL WHEN frequency = 0 THEN 0 ELSE repeat_sum / frequency END AS monetary_value`] : []),
    'orders',
    ...(amounts ? ['CASE WHEN amounts > 0 THEN revenue END AS revenue'] : []),
    `${days.label(days.start('first_ts'))} AS first_order`,
    `${days.label(days.start('last_ts'))} AS last_order`,
  ];
  return `WITH ${steps.join(',\n')}\nSELECT ${columns.join(',\n       ')}\nFROM per_customer CROSS JOIN observation\nORDER BY ${labelOrder(d, 'customer').join(', ')}`;
}

export function rfmSql(options: RfmOptions, context: SqlContext): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  const d = context.dialect;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const { steps, amounts } = customerSteps({ ...options, freq: 'day' }, context);
  // 1 + ⌊5 × customers with a worse value / customers⌋: rank() − 1 counts those strictly before.
  const score = (order: string) => `CAST(1 + floor(5.0 * (rank() OVER (ORDER BY ${order}) - 1) / count(*) OVER ()) AS INTEGER)`;
  const segment = `CASE ${Object.entries(SEGMENT_MAP)
    .map(([r, row]) => `WHEN r = ${r} THEN CASE fm ${row.map((name, i) => `WHEN ${i + 1} THEN ${sqlString(name)}`).join(' ')} END`)
    .join(' ')} END`;
  steps.push(
    `rfm_values AS (
  SELECT customer, CAST(${d.dayDiff(days.start('last_ts'), 'end_day')} AS INTEGER) AS recency_days, orders,
         ${amounts ? 'coalesce(revenue, 0)' : '0'} AS revenue
  FROM per_customer CROSS JOIN observation
)`,
    `scored AS (
  SELECT *, ${score('recency_days DESC')} AS r, ${score('orders')} AS f${amounts ? `, ${score('revenue')} AS m` : ''}
  FROM rfm_values
)`,
    // Without amounts, M is F: the segment comes from recency and orders.
    `segmented AS (\n  SELECT *, ${segment} AS segment\n  FROM (SELECT *, CAST(floor((f + ${amounts ? 'm' : 'f'}) / 2.0 + 0.5) AS INTEGER) AS fm${amounts ? '' : ', f AS m'} FROM scored) s\n)`,
  );
  if (options.perCustomer) {
    const columns = ['customer AS customer_id', 'recency_days', 'orders', ...(amounts ? ['revenue'] : []), 'r', 'f', 'm', `${d.text('r')} || ${d.text('f')} || ${d.text('m')} AS rfm_cell`, 'segment'];
    return `WITH ${steps.join(',\n')}\nSELECT ${columns.join(',\n       ')}\nFROM segmented\nORDER BY ${labelOrder(d, 'customer').join(', ')}`;
  }
  const figures = [
    'count(*) AS customers',
    `${d.double('count(*)')} / (SELECT count(*) FROM segmented) AS share`,
    ...(amounts
      ? [`${d.sum('revenue')} AS revenue`, `CASE WHEN (SELECT ${d.sum('revenue')} FROM segmented) <> 0 THEN ${d.sum('revenue')} / (SELECT ${d.sum('revenue')} FROM segmented) END AS revenue_share`]
      : []),
    `avg(${d.double('recency_days')}) AS mean_recency_days`,
    `avg(${d.double('orders')}) AS mean_orders`,
    ...(amounts ? [`${d.sum('revenue')} / count(*) AS mean_revenue`] : []),
  ];
  const rank = `CASE segment ${SEGMENTS.map((name, i) => `WHEN ${sqlString(name)} THEN ${i}`).join(' ')} END`;
  return `WITH ${steps.join(',\n')}
SELECT segment, ${figures.join(',\n       ')}
FROM (
  SELECT segment, ${rank} AS segment_rank, recency_days, orders, revenue FROM segmented
  UNION ALL
  SELECT 'all', ${SEGMENTS.length}, recency_days, orders, revenue FROM segmented
) rows_and_all
GROUP BY segment, segment_rank
ORDER BY segment_rank`;
}
