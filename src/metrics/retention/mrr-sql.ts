import { snakeCase } from '../../schema/columns.js';
import { labelOrder, sqlName } from '../../sql/dialect.js';
import type { PeriodsSql } from '../../sql/periods-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { customerPeriods, subscriptionRowsSql } from '../mrr/subscription-sql.js';
import type { RetentionOptions } from './options.js';

// retention --mrr as SQL (the streaming form is mrr-cohorts.ts): each
// customer's MRR at every period's end (subscription-sql.ts); the cohort is
// their first period with a paying instant, their start the MRR at its end;
// cell (c, k) sums the cohort's MRR at the end of c+k (--gross: each at most
// its start). Offsets 0 to --max-offset, and how many the data reaches, as
// the other retention statements (retentionTableFromSql reads them).

export function mrrRetentionSql(options: RetentionOptions, context: SqlContext, maxOffset: number): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const offsets = Array.from({ length: maxOffset + 1 }, (_, k) => k);
  const all = g.length > 0 ? '_all' : '';
  const steps = [
    ...subscriptionRowsSql(options, context, undefined),
    periods.dataEndStep(until),
    `last_period AS (\n  SELECT max(period_start) AS last FROM grid\n)`,
    `span AS (\n  SELECT last_period.last AS last, ${periods.partial('last_period.last', since)} AS last_partial\n  FROM last_period CROSS JOIN data_end\n)`,
    ...customerPeriods(d, ['currency', ...g, 'customer'], ''),
    ...cohortCells(periods, options, ['currency', ...g], '', offsets),
    ...(g.length > 0 ? [...customerPeriods(d, ['currency', 'customer'], '_all'), ...cohortCells(periods, options, ['currency'], '_all', offsets)] : []),
  ];
  const share = (kept: string, start: string) => (options.counts ? kept : `CASE WHEN (${start}) > 0 THEN ${d.double(kept)} / (${start}) END`);
  const currency = `CASE WHEN currency = '' THEN '(blank)' ELSE currency END`;
  const complete = (k: number, value: string) => `sum(CASE WHEN ${k} < m.complete THEN ${value} END)`;
  steps.push(
    `currencies AS (\n  SELECT DISTINCT currency FROM numbered\n)`,
    `triangle AS (
  SELECT 0 AS is_all, ${currency} AS currency_label, ${g.map((k) => `${k}, `).join('')}cohort AS cohort_start, ${periods.label('cohort')} AS cohort, customers, start_mrr,
         ${offsets.map((k) => `CASE WHEN ${k} < available AND start_mrr > 0 THEN ${share(`r${k}`, 'start_mrr')} END AS offset_${k}`).join(',\n         ')},
         CASE WHEN last_partial THEN available - 1 END AS partial_offset
  FROM measured
  UNION ALL
  SELECT 1, CASE WHEN c.currency = '' THEN '(blank)' ELSE c.currency END, ${g.map(() => "'all', ").join('')}NULL, 'all', CAST(coalesce(sum(m.customers), 0) AS BIGINT), coalesce(sum(m.start_mrr), 0),
         ${offsets.map((k) => `CASE WHEN ${complete(k, '1')} > 0 THEN ${share(complete(k, `m.r${k}`), complete(k, 'm.start_mrr'))} END`).join(',\n         ')},
         NULL
  FROM currencies c LEFT JOIN measured${all} m ON m.currency = c.currency
  GROUP BY c.currency
)`,
    `shown AS (\n  SELECT coalesce(max(available), 0) AS columns_shown FROM measured${all}\n)`,
  );
  const select = [
    ...(context.has('currency') ? ['currency_label AS "currency"'] : []),
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'cohort AS "cohort"',
    'customers AS "customers"',
    'start_mrr AS "start_mrr"',
    ...offsets.map((k) => `offset_${k} AS "offset_${k}"`),
    'partial_offset AS "partial_offset"',
    'shown.columns_shown AS "columns_shown"',
  ];
  const order = [...labelOrder(d, 'currency_label'), 'is_all', ...g.flatMap((key) => labelOrder(d, key)), 'cohort_start'];
  return `WITH ${steps.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM triangle CROSS JOIN shown\nORDER BY ${order.join(', ')}`;
}

/**
 * Each block's cohorts: customers, starting MRR, the MRR kept at every offset, and how many
 * offsets have begun and ended. Each step reads the one before once: ClickHouse plans a step
 * anew wherever it is read.
 */
function cohortCells(periods: PeriodsSql, options: RetentionOptions, blocks: string[], suffix: string, offsets: number[]): string[] {
  const keys = [...blocks, 'customer'].join(', ');
  const list = blocks.join(', ');
  const kept = options.gross ? 'CASE WHEN m1 < start THEN m1 ELSE start END' : 'm1';
  return [
    // A customer's cohort (their first period with a paying instant) and start (their MRR at its end), on each of their periods.
    `members${suffix} AS (
  SELECT *, max(CASE WHEN period_start = cohort THEN m1 END) OVER (PARTITION BY ${keys}) AS start
  FROM (SELECT *, min(CASE WHEN paid_inside = 1 THEN period_start END) OVER (PARTITION BY ${keys}) AS cohort FROM customer_periods${suffix}) firsts
)`,
    // By offset: at offset 0 each member once, so the cohort's size and start come with its cells.
    `kept${suffix} AS (
  SELECT ${list}, cohort, ${periods.offset('cohort', 'period_start')} AS k, CAST(count(*) AS BIGINT) AS members, sum(start) AS start_mrr, sum(${kept}) AS kept
  FROM members${suffix}
  WHERE cohort IS NOT NULL AND period_start >= cohort
  GROUP BY ${list}, cohort, ${periods.offset('cohort', 'period_start')}
)`,
    `cells${suffix} AS (
  SELECT ${list}, cohort, CAST(sum(CASE WHEN k = 0 THEN members ELSE 0 END) AS BIGINT) AS customers, sum(CASE WHEN k = 0 THEN start_mrr ELSE 0 END) AS start_mrr,
         ${offsets.map((k) => `coalesce(sum(CASE WHEN k = ${k} THEN kept END), 0) AS r${k}`).join(',\n         ')}
  FROM kept${suffix}
  GROUP BY ${list}, cohort
)`,
    `measured${suffix} AS (
  SELECT c.*, ${periods.offset('c.cohort', 'span.last')} + 1 AS available,
         ${periods.offset('c.cohort', 'span.last')} + 1 - CASE WHEN span.last_partial THEN 1 ELSE 0 END AS complete, span.last_partial AS last_partial
  FROM cells${suffix} c CROSS JOIN span
)`,
  ];
}
