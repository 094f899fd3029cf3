import { snakeCase } from '../../schema/columns.js';
import { changeColumns, earlierStart } from '../../sql/compare-sql.js';
import { labelOrder, sqlName, type Dialect } from '../../sql/dialect.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { customerPeriods, subscriptionRowsSql } from './subscription-sql.js';
import { openTrialsNote, trialWindowDays, type MrrOptions } from './options.js';
import type { SqlTable } from '../spec.js';
import type { Cell, ResultTable } from '../types.js';
import { MRR_FIGURES } from './table.js';

// MRR movements as SQL (the streaming form is movements.ts and table.ts):
// each customer's MRR at each period's edges (subscription-sql.ts) gives the
// movements of each block (currency and groups); trials from the instants a
// customer's MRR rose from 0. Only equal keys join: ClickHouse plans nothing else.

export function mrrSql(options: MrrOptions, context: SqlContext): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const steps = [
    ...subscriptionRowsSql(options, context, options.currency),
    periods.dataEndStep(until),
    ...customerPeriods(d, ['currency', ...g, 'customer'], ''),
    ...trialOutcomes(context, options, ['currency', ...g, 'customer'], ''),
    ...blockFigures(d, ['currency', ...g], ''),
    ...(g.length > 0 ? [...customerPeriods(d, ['currency', 'customer'], '_all'), ...trialOutcomes(context, options, ['currency', 'customer'], '_all'), ...blockFigures(d, ['currency'], '_all')] : []),
  ];
  // A period is partial when the data ends before it does, or when one of its trials is still inside its window, unconverted.
  const dataPartial = periods.partial('period_start', since);
  const partial = `(${dataPartial} OR b.open_trials > 0)`;
  const blocks = ['currency', ...g];
  const rate = (part: string, whole: string) => `CASE WHEN (${whole}) > 0 THEN ${d.double(part)} / (${whole}) END`;
  const window = `PARTITION BY ${blocks.join(', ')} ORDER BY period_start ROWS BETWEEN ${options.ltvWindow} PRECEDING AND 1 PRECEDING`;
  const all = g.length > 0 ? '_all' : '';
  steps.push(
    `block_rows AS (
  SELECT b.*, ${partial} AS partial, ${dataPartial} AS data_partial, ${rate('churned', 'customers_at_start')} AS churn_rate, ${rate('mrr_at_end', 'customers_at_end')} AS arpa
  FROM block_figures b CROSS JOIN data_end
)`,
    `with_ltv AS (\n  SELECT *, avg(churn_rate) OVER (${window}) AS mean_rate FROM block_rows\n)`,
    // Each currency's all row: its complete periods summed, the first period's start, the last complete period's end.
    `all_rows AS (
  SELECT b.currency AS currency, ${[...COUNT_NAMES, ...TRIAL_NAMES].map((n) => `CAST(sum(CASE WHEN NOT ${partial} THEN b.${n} ELSE 0 END) AS BIGINT) AS ${n}`).join(', ')},
         ${MRR_NAMES.map((n) => `sum(CASE WHEN NOT ${partial} THEN b.${n} ELSE 0 END) AS ${n}`).join(', ')},
         ${d.earliest('b.mrr_at_start', ['b.period_start'])} AS first_start,
         ${d.latest('b.mrr_at_end', ['b.period_start'], `NOT ${partial}`)} AS last_end,
         ${d.latest('b.customers_at_end', ['b.period_start'], `NOT ${partial}`)} AS last_customers
  FROM block_figures${all} b CROSS JOIN data_end
  GROUP BY b.currency
)`,
  );
  const currencyLabel = (c: string) => `CASE WHEN ${c} = '' THEN '(blank)' ELSE ${c} END`;
  const figures = (r: string, start: string, customersEnd: string, mrrEnd: string, arpa: string, ltv: string) => [
    `${r}customers_at_start`, start, `${r}new_customers`, `${r}new_mrr`, `${r}reactivated`, `${r}reactivation_mrr`, `${r}expansion_customers`, `${r}expansion_mrr`,
    `${r}contraction_customers`, `${r}contraction_mrr`, `${r}churned`, `${r}churned_mrr`, `${mrrEnd} - ${start}`, customersEnd, mrrEnd,
    rate(`${r}churned`, `${r}customers_at_start`), `1 - ${rate(`${r}churned`, `${r}customers_at_start`)}`,
    rate(`${r}churned_mrr + ${r}contraction_mrr`, `${r}mrr_at_start`), rate(`${r}churned_mrr + ${r}contraction_mrr - ${r}expansion_mrr`, `${r}mrr_at_start`),
    `${r}started_and_ended`, `${r}trials`, `${r}trial_conversions`, rate(`${r}trial_conversions`, `${r}trials`), rate(`${r}new_mrr + ${r}reactivation_mrr + ${r}expansion_mrr`, `${r}contraction_mrr + ${r}churned_mrr`), rate(`${r}new_mrr`, `${r}new_customers`), arpa, ltv,
  ];
  const withCurrency = context.has('currency');
  const head = (period: string, part: string, currency: string, groups: string[]) => [period, part, ...(withCurrency ? [currencyLabel(currency)] : []), ...groups];
  const rows = figures('', 'mrr_at_start', 'customers_at_end', 'mrr_at_end', 'arpa', 'CASE WHEN arpa IS NOT NULL AND mean_rate > 0 THEN arpa / mean_rate END');
  const allFigures = figures('', 'first_start', 'coalesce(last_customers, 0)', 'coalesce(last_end, 0)', 'NULL', 'NULL');
  // After the table's columns, why a period is partial (mrrFromSql reads and drops them).
  const names_ = ['period', 'partial', ...(withCurrency ? ['currency'] : []), ...options.groupBy.map(snakeCase), ...MRR_FIGURES.map((c) => c.name), ...WHY_PARTIAL];
  const select = (exprs: string[]) => exprs.map((e, i) => `${e} AS ${sqlName(names_[i])}`).join(',\n         ');
  const order = ['currency_order_0', 'currency_order_1', 'currency_order_2', 'is_all', ...g.flatMap((k, i) => [`g_order_${i}_0`, `g_order_${i}_1`, `g_order_${i}_2`]), 'period_start'];
  const orderColumns = (currency: string, groups: string[]) => [
    ...labelOrder(d, currencyLabel(currency)).map((e, i) => `${e} AS currency_order_${i}`),
    ...groups.flatMap((k, i) => labelOrder(d, k).map((e, j) => `${e} AS g_order_${i}_${j}`)),
  ];
  // The block's keys, for --compare to find a row's earlier one.
  const keys = (currency: string, groups: string[]) => [`${currency} AS key_currency`, ...groups.map((k, i) => `${k} AS key_g${i + 1}`)].join(', ');
  steps.push(`table_rows AS (
  SELECT ${select([...head(periods.label('period_start'), 'partial', 'currency', g), ...rows, 'data_partial', 'open_trials'])}, 0 AS is_all, period_start, ${orderColumns('currency', g).join(', ')}, ${keys('currency', g)}
  FROM with_ltv
  UNION ALL
  SELECT ${select([...head("'all'", 'false', 'currency', g.map(() => "'all'")), ...allFigures, 'false', '0'])}, 1, NULL, ${[...labelOrder(d, currencyLabel('currency')), ...g.flatMap(() => ['0', 'NULL', "''"])].join(', ')}, ${keys('currency', g.map(() => "'all'"))}
  FROM all_rows
)`);
  const compare = context.compare;
  if (compare === undefined) return `WITH ${steps.join(',\n')}\nSELECT ${names_.map(sqlName).join(', ')}\nFROM table_rows\nORDER BY ${order.join(', ')}`;
  // --compare: each figure's change against the same block's row of the earlier period; the all rows have none. Why a period is partial stays last.
  const { changes, statistics } = changeColumns(d, compare, new Set(MRR_FIGURES.map((c) => c.name)), 't', 'e');
  const join = ['e.is_all = t.is_all', `e.period_start = ${earlierStart(periods, compare.mode, 't.period_start')}`, 'e.key_currency = t.key_currency', ...g.map((_, i) => `e.key_g${i + 1} = t.key_g${i + 1}`)];
  const shown = names_.filter((name) => !WHY_PARTIAL.includes(name));
  return `WITH ${steps.join(',\n')}
SELECT ${[...shown.map((name) => `t.${sqlName(name)}`), ...changes, ...statistics, ...WHY_PARTIAL.map((name) => `t.${name}`)].join(', ')}
FROM table_rows t LEFT JOIN table_rows e ON ${join.join(' AND ')}
ORDER BY ${order.map((o) => `t.${o}`).join(', ')}`;
}

const COUNT_NAMES = ['customers_at_start', 'new_customers', 'reactivated', 'expansion_customers', 'contraction_customers', 'churned', 'started_and_ended'];
const WHY_PARTIAL = ['data_partial', 'open_trials'];
const TRIAL_NAMES = ['trials', 'trial_conversions'];
const MRR_NAMES = ['mrr_at_start', 'new_mrr', 'reactivation_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr'];

/**
 * Each trial and whether it converted: its customer's MRR rose from 0 at or after the trial's
 * instant, no later than the last day of --trial-window (calendar days in --tz), or, unconverted,
 * whether that day ends after the data does (the trial is still open).
 */
function trialOutcomes(context: SqlContext, options: MrrOptions, keys: string[], suffix: string): string[] {
  const d = context.dialect;
  const days = context.periods('day', options.tz, options.weekStart)!;
  const list = keys.join(', ');
  const dayOf = (ts: string) => days.start(ts);
  const windowDays = trialWindowDays(options);
  const within = `v.ts >= t.ts AND ${d.dayDiff(dayOf('t.ts'), dayOf('v.ts'))} <= ${windowDays}`;
  return [
    `pays${suffix} AS (
  SELECT ${list}, ts FROM (SELECT ${list}, ts, total, lag(total) OVER (PARTITION BY ${list} ORDER BY ts, row_id) AS before FROM running${suffix}) r
  WHERE total > 1e-9 AND coalesce(before, 0) <= 1e-9
)`,
    `trial_outcomes${suffix} AS (
  SELECT ${keys.map((k) => `t.${k} AS ${k}`).join(', ')}, t.period_start AS period_start, t.row_id AS row_id,
         max(CASE WHEN ${within} THEN 1 ELSE 0 END) AS converted,
         CASE WHEN max(CASE WHEN ${within} THEN 1 ELSE 0 END) = 0 AND min(data_end.at) < ${days.startInstant(`(${dayOf('t.ts')} + ${d.interval(windowDays + 1, 'day')})`)} THEN 1 ELSE 0 END AS still_open
  FROM numbered t CROSS JOIN data_end
  LEFT JOIN pays${suffix} v ON ${keys.map((k) => `v.${k} = t.${k}`).join(' AND ')}
  WHERE t.kind = 4
  GROUP BY ${keys.map((k) => `t.${k}`).join(', ')}, t.period_start, t.row_id, t.ts
)`,
  ];
}

/** Each block's (currency and groups) movements in every period of the grid, zeros where it had no customer. */
function blockFigures(d: Dialect, blocks: string[], suffix: string): string[] {
  const when = (condition: string, value = '1') => `sum(CASE WHEN ${condition} THEN ${value} ELSE 0 END)`;
  const count = (condition: string) => `CAST(${when(condition)} AS BIGINT)`;
  const movements = [
    `${count('m0 > 0')} AS customers_at_start`, `${when('m0 > 0', 'm0')} AS mrr_at_start`,
    `${count('m0 <= 0 AND m1 > 0 AND paid_before = 0')} AS new_customers`, `${when('m0 <= 0 AND m1 > 0 AND paid_before = 0', 'm1')} AS new_mrr`,
    `${count('m0 <= 0 AND m1 > 0 AND paid_before = 1')} AS reactivated`, `${when('m0 <= 0 AND m1 > 0 AND paid_before = 1', 'm1')} AS reactivation_mrr`,
    `${count('m0 > 0 AND m1 > m0')} AS expansion_customers`, `${when('m0 > 0 AND m1 > m0', 'm1 - m0')} AS expansion_mrr`,
    `${count('m0 > 0 AND m1 > 0 AND m1 < m0')} AS contraction_customers`, `${when('m0 > 0 AND m1 > 0 AND m1 < m0', 'm0 - m1')} AS contraction_mrr`,
    `${count('m0 > 0 AND m1 <= 0')} AS churned`, `${when('m0 > 0 AND m1 <= 0', 'm0')} AS churned_mrr`,
    `${count('m1 > 0')} AS customers_at_end`, `${when('m1 > 0', 'm1')} AS mrr_at_end`,
    `${count('m0 <= 0 AND m1 <= 0 AND paid_inside = 1')} AS started_and_ended`,
  ];
  const names = movements.map((m) => m.slice(m.lastIndexOf(' AS ') + 4));
  const list = blocks.join(', ');
  const trialCounts = ['trials', 'trial_conversions', 'open_trials'];
  return [
    `moved${suffix} AS (\n  SELECT ${list}, period_start, ${movements.join(',\n         ')}\n  FROM customer_periods${suffix} GROUP BY ${list}, period_start\n)`,
    `tried${suffix} AS (
  SELECT ${list}, period_start, CAST(count(*) AS BIGINT) AS trials, CAST(sum(converted) AS BIGINT) AS trial_conversions, CAST(sum(still_open) AS BIGINT) AS open_trials
  FROM trial_outcomes${suffix} GROUP BY ${list}, period_start
)`,
    // Every block that has an event, trials included, has a row in every period of the grid.
    `block_figures${suffix} AS (
  SELECT ${blocks.map((k) => `k.${k} AS ${k}`).join(', ')}, p.period_start AS period_start, ${names.map((n) => `coalesce(m.${n}, 0) AS ${n}`).join(', ')}, ${trialCounts.map((n) => `coalesce(t.${n}, 0) AS ${n}`).join(', ')}
  FROM (SELECT DISTINCT ${list} FROM numbered) k CROSS JOIN grid p
  LEFT JOIN moved${suffix} m ON m.period_start = p.period_start${blocks.map((k) => ` AND m.${k} = k.${k}`).join('')}
  LEFT JOIN tried${suffix} t ON t.period_start = p.period_start${blocks.map((k) => ` AND t.${k} = k.${k}`).join('')}
)`,
  ];
}

/** The SQL result as engage mrr's table: the two columns that say why a period is partial become notes. */
export function mrrFromSql(skeleton: ResultTable, _names: string[], rows: Cell[][], options: MrrOptions): SqlTable {
  // They follow the table's columns (WHY_PARTIAL).
  const [dataPartial, openTrials] = [skeleton.columns.length, skeleton.columns.length + 1];
  const open = new Map<string, number>();
  for (const row of rows) {
    const count = Number(row[openTrials] ?? 0);
    if (row[dataPartial] !== true && count > 0) open.set(String(row[0]), Math.max(open.get(String(row[0])) ?? 0, count));
  }
  return {
    table: { ...skeleton, rows: rows.map((row) => row.slice(0, dataPartial)) },
    notes: [...open].map(([period, count]) => openTrialsNote(period, count, options.trialWindow)),
    explained: [...open.keys()],
  };
}
