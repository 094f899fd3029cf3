import { NoSqlForm } from '../../sql/no-sql-form.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { snakeCase } from '../../schema/columns.js';
import { eventRowsSql } from '../events/events-sql.js';
import { attemptSteps, countedAttemptsSql, type AttemptsSql } from './attempts-sql.js';
import { timeColumnNames, type FunnelOptions } from './options.js';
import { funnelRule, type FunnelRule } from './rule.js';

// The funnel as SQL (product-analytics.md "Funnels"; the streaming form is
// attempts.ts and table.ts): each customer's counted attempt (attempts-sql.ts),
// then per step the customers who reached it, the conversions and the times
// to convert; by entry period and by group, each block as the streaming
// engine lists it; or the histogram of the converters' times.

/** A block of rows: where its counted attempts are and which columns label its groups. */
interface Source {
  chosen: string;
  /** The group label columns (g1 …), or none for the all rows. */
  keys: string[];
  /** Only attempts whose label is known (--attribution step:N not reached: none). */
  where?: string;
}

export function funnelSql(options: FunnelOptions, context: SqlContext): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  const rule = funnelRule(options);
  const d = context.dialect;
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const periods = options.period === undefined ? undefined : context.periods(options.period, options.tz, options.weekStart);
  const { since, until } = context.window(options);
  // The rows the rule looks at: --event's, else every event for a strict funnel, else the names it looks for.
  const names = [...new Set([...rule.steps, ...rule.exclusions.map((x) => x.event)])];
  const selected = options.events.length > 0 ? options.events : rule.order === 'strict' ? undefined : names;
  const ctes = [
    `counted AS (\n  ${eventRowsSql({ ...options, period: options.period ?? 'day' }, context, selected, options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    `numbered AS (\n  SELECT *, ${d.rowNumber(['customer', 'ts', 'event', ...g])} AS row_id FROM counted\n)`,
  ];
  // Without --attribution each group's funnel is on its rows (keys g1 …), the all rows on every row; with it one funnel labels customers.
  const levels: AttemptsSql[] = options.attribution !== undefined || g.length === 0 ? [{ dialect: d, rule, keys: [], suffix: '' }] : [{ dialect: d, rule, keys: g, suffix: '' }, { dialect: d, rule, keys: [], suffix: '_all' }];
  for (const level of levels) {
    ctes.push(...attemptSteps(level), ...countedAttemptsSql(level, false, ''));
    if (periods) ctes.push(...countedAttemptsSql(level, true, '_p'));
  }
  const all = levels[levels.length - 1].suffix;
  if (options.timeToConvert) return timeToConvertSql(context, rule, options, ctes, `chosen${all}`);
  if (options.attribution !== undefined) for (const tag of periods ? ['', '_p'] : ['']) ctes.push(labelledSql(options.attribution, rule, g, tag));

  const groupSource = (tag: string): Source | undefined =>
    g.length === 0 ? undefined : options.attribution !== undefined ? { chosen: `labelled${tag}`, keys: g, where: 'label_row IS NOT NULL' } : { chosen: `chosen${tag}`, keys: g };
  const blocks: string[] = [];
  const figures = (name: string, source: Source, byPeriod: boolean) => ctes.push(figuresSql(context, rule, options, name, source, byPeriod));
  for (const [tag, byPeriod] of periods ? ([['_p', true], ['', false]] as const) : ([['', false]] as const)) {
    const grouped = groupSource(tag);
    const periodKey = byPeriod ? ['start_period'] : [];
    if (grouped) {
      figures(`figures${tag}`, grouped, byPeriod);
      const groups = `(SELECT DISTINCT ${[...periodKey, ...g].join(', ')} FROM ${grouped.chosen}${grouped.where ? ` WHERE ${grouped.where}` : ''}) groups`;
      blocks.push(rowsSql(context, rule, options, `figures${tag}`, groups, g, byPeriod, false));
    }
    figures(`figures_all${tag}`, { chosen: `chosen${all}${tag}`, keys: [] }, byPeriod);
    const blockGroups = byPeriod ? `(SELECT DISTINCT start_period FROM chosen${all}${tag}) groups` : '(SELECT 1 AS one) groups';
    blocks.push(rowsSql(context, rule, options, `figures_all${tag}`, blockGroups, g, byPeriod, true));
  }
  ctes.push(`funnel AS (\n  ${blocks.join('\n  UNION ALL\n  ')}\n)`);
  const select = [
    ...(periods
      ? [
          `CASE WHEN period_overall = 1 THEN 'all' ELSE ${periods.label('period_start')} END AS "period"`,
          `CASE WHEN period_overall = 1 THEN false ELSE ${periods.partial('period_start', since)} END AS "partial"`,
        ]
      : []),
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'step AS "step"',
    'event AS "event"',
    'customers AS "customers"',
    'conversion_from_previous AS "conversion_from_previous"',
    'conversion_from_first AS "conversion_from_first"',
    ...outputNames(options).map((name, i) => `c${i} AS ${sqlName(name)}`),
  ];
  if (periods) ctes.push(periods.dataEndStep(until));
  const order = [...(periods ? ['period_overall', 'period_start'] : []), 'group_overall', ...g.flatMap((key) => labelOrder(d, key)), 'step'];
  return `WITH ${ctes.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM funnel${periods ? ' CROSS JOIN data_end' : ''}\nORDER BY ${order.join(', ')}`;
}

/** The time columns of the table, in order: from the step before, then from step 1. */
function outputNames(options: FunnelOptions): string[] {
  return [...timeColumnNames(options.percentiles, 'previous'), ...timeColumnNames(options.percentiles, 'first')];
}

/** --attribution: each counted attempt with the group labels of the event that labels its customer (label_row NULL when there is none). */
function labelledSql(attribution: string, rule: FunnelRule, g: string[], tag: string): string {
  const n = rule.steps.length;
  const row =
    attribution === 'first-touch'
      ? 'c.r1'
      : attribution === 'last-touch'
        ? `CASE c.depth ${Array.from({ length: n }, (_, i) => `WHEN ${i + 1} THEN c.r${i + 1}`).join(' ')} END`
        : `CASE WHEN c.depth >= ${attribution.slice(5)} THEN c.r${attribution.slice(5)} END`;
  return `labelled${tag} AS (
  SELECT c.customer AS customer, c.start_period AS start_period, c.depth AS depth, ${Array.from({ length: n }, (_, i) => `c.t${i + 1} AS t${i + 1}`).join(', ')},
         l.row_id AS label_row, ${g.map((key) => `l.${key} AS ${key}`).join(', ')}
  FROM chosen${tag} c LEFT JOIN numbered l ON l.row_id = ${row}
)`;
}

/**
 * Per step (and group, and entry period): customers whose counted attempt reached it, and the
 * times from the step before and from step 1. One pass over the attempts: a step's times are
 * picked by the step's number (ClickHouse plans a statement again for each read of a step).
 */
function figuresSql(context: SqlContext, rule: FunnelRule, options: FunnelOptions, name: string, source: Source, byPeriod: boolean): string {
  const d = context.dialect;
  const keys = [...(byPeriod ? ['start_period'] : []), ...source.keys];
  const n = rule.steps.length;
  const byStep = (from: (k: number) => string) => `CASE s.step ${Array.from({ length: n - 1 }, (_, i) => `WHEN ${i + 2} THEN ${d.secondsBetween(from(i + 2), `a.t${i + 2}`)} / 3600`).join(' ')} END`;
  const times = (hours: string) => [d.mean(hours), ...options.percentiles.map((p) => d.percentile(hours, p / 100))];
  const figures = [...times(byStep((k) => `a.t${k - 1}`)), ...times(byStep(() => 'a.t1'))];
  const where = ['a.depth >= s.step', ...(source.where ? [`a.${source.where}`] : [])];
  return `${name} AS (
  SELECT ${keys.map((key) => `a.${key} AS ${key}, `).join('')}s.step AS step, count(*) AS customers, ${figures.map((f, j) => `${f} AS c${j}`).join(', ')}
  FROM ${source.chosen} a CROSS JOIN (${rule.steps.map((_, k) => `SELECT ${k + 1} AS step`).join(' UNION ALL ')}) s
  WHERE ${where.join(' AND ')}
  GROUP BY ${keys.map((key) => `a.${key}, `).join('')}s.step
)`;
}

/** Every step of each group of a block, reached or not, with its conversions (from the step before and the first, in the block); the keys the final ORDER BY sorts by. */
function rowsSql(context: SqlContext, rule: FunnelRule, options: FunnelOptions, figures: string, groups: string, g: string[], byPeriod: boolean, overall: boolean): string {
  const d = context.dialect;
  const n = rule.steps.length;
  const stepRows = `(${rule.steps.map((step, k) => `SELECT ${k + 1} AS step, ${sqlString(rule.order === 'unordered' ? `${k + 1} of ${n} steps` : step)} AS event`).join(' UNION ALL ')}) steps`;
  const blockKeys = [...(byPeriod ? ['groups.start_period'] : []), ...(overall ? [] : g.map((key) => `groups.${key}`))];
  const on = [...(byPeriod ? ['f.start_period = groups.start_period'] : []), ...(overall ? [] : g.map((key) => `f.${key} = groups.${key}`))].map((c) => ` AND ${c}`).join('');
  const window = `OVER (${blockKeys.length > 0 ? `PARTITION BY ${blockKeys.join(', ')} ` : ''}ORDER BY steps.step)`;
  const columns = outputNames(options).map((_, i) => `c${i}`);
  // The block's constant keys are chosen out here: a NULL inside the subquery would take a type there (PostgreSQL: text).
  return `SELECT ${byPeriod ? 0 : 1} AS period_overall, ${byPeriod ? 'start_period' : 'NULL'} AS period_start, ${overall ? 1 : 0} AS group_overall, ${g.map((key) => `${key}, `).join('')}step, event, customers,
         CASE WHEN step > 1 AND coalesce(before_customers, 0) > 0 THEN ${d.double('customers')} / before_customers END AS conversion_from_previous,
         CASE WHEN first_customers > 0 THEN ${d.double('customers')} / first_customers END AS conversion_from_first,
         ${columns.join(', ')}
  FROM (
    SELECT ${byPeriod ? 'groups.start_period AS start_period, ' : ''}${g.map((key) => `${overall ? "'all'" : `groups.${key}`} AS ${key}, `).join('')}steps.step AS step, steps.event AS event,
           coalesce(f.customers, 0) AS customers,
           lag(coalesce(f.customers, 0)) ${window} AS before_customers,
           first_value(coalesce(f.customers, 0)) ${window} AS first_customers,
           ${columns.map((c) => `f.${c} AS ${c}`).join(', ')}
    FROM ${groups} CROSS JOIN ${stepRows}
    LEFT JOIN ${figures} f ON f.step = steps.step${on}
  ) block_rows`;
}

/** --time-to-convert: the converters' whole-second times from step 1 to the last step in bins of equal width (PostHog's layout). */
function timeToConvertSql(context: SqlContext, rule: FunnelRule, options: FunnelOptions, ctes: string[], chosen: string): string {
  const d = context.dialect;
  const n = rule.steps.length;
  const bins = options.bins === undefined ? 'least(60, greatest(1, CAST(ceil(cbrt(count(*))) AS INTEGER)))' : String(options.bins);
  ctes.push(
    `totals AS (\n  SELECT ${d.secondsBetween('t1', `t${n}`)} AS seconds FROM ${chosen} WHERE depth = ${n}\n)`,
    `shape AS (\n  SELECT floor(min(seconds)) AS lo, ceil(max(seconds)) AS hi, ${bins} AS bins, count(*) AS converters FROM totals\n)`,
    `sized AS (\n  SELECT lo, bins, CASE WHEN ceil((hi - lo) / bins) = 0 THEN 60 ELSE ceil((hi - lo) / bins) END AS width FROM shape WHERE converters > 0\n)`,
    `bin_rows AS (\n  SELECT CAST(${d.series('0', 'bins', '1')} AS BIGINT) AS i FROM sized\n)`,
    `bin_counts AS (\n  SELECT CAST(least(sized.bins, floor((seconds - sized.lo) / sized.width)) AS BIGINT) AS i, count(*) AS customers\n  FROM totals CROSS JOIN sized GROUP BY CAST(least(sized.bins, floor((seconds - sized.lo) / sized.width)) AS BIGINT)\n)`,
  );
  return `WITH ${ctes.join(',\n')}
SELECT (sized.lo + bin_rows.i * sized.width) / 3600 AS "bin_start_hours", (sized.lo + (bin_rows.i + 1) * sized.width) / 3600 AS "bin_end_hours", coalesce(bin_counts.customers, 0) AS "customers"
FROM bin_rows CROSS JOIN sized LEFT JOIN bin_counts ON bin_counts.i = bin_rows.i
ORDER BY bin_rows.i`;
}
