import { sqlName } from '../../engines/sql/dialect.js';
import { groupLabel, labelOrder } from '../../engines/sql/keyed-sql.js';
import { instantLiteral } from '../../engines/sql/periods-sql.js';
import type { SqlContext } from '../../engines/sql/sql-context.js';
import { UsageError } from '../../errors.js';
import { snakeCase } from '../../schema/columns.js';
import { eventRowsSql } from '../events/events-sql.js';
import type { ChurnOptions } from './spec.js';

// Churn, activity model, as SQL (METRICS.md "Churn"; the streaming form is
// activity-table.ts): A(p) = customers active in p; for each period of a
// group from its first to its last active one, churned = |A(p−1) \ A(p)|,
// churn rate = churned / |A(p−1)|; new = first activity ever in p. The
// overall row: every customer ever active, and Σ churned / Σ A(p−1) over the
// complete periods of all groups together.

export function churnSql(options: ChurnOptions, context: SqlContext): string {
  if (options.model !== 'activity') throw new UsageError('engage sql churn: --model subscription has no SQL form yet');
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const step = periods.step;
  const list = (keys: string[], alias = '') => keys.map((key) => `${alias}${key}, `).join('');
  const same = (a: string, b: string, keys: string[]) => keys.map((key) => ` AND ${a}.${key} = ${b}.${key}`).join('');

  /** The figures of each period of each group (keys), from its first to its last active period. */
  const figures = (suffix: string, keys: string[]) => [
    `active${suffix} AS (\n  SELECT DISTINCT ${list(keys)}customer, period_start FROM counted\n)`,
    `periods${suffix} AS (\n  SELECT ${list(keys)}${d.series('min(period_start)', 'max(period_start)', step)} AS period_start\n  FROM active${suffix}${keys.length > 0 ? `\n  GROUP BY ${keys.join(', ')}` : ''}\n)`,
    `figures${suffix} AS (
  SELECT ${list(keys, 'p.')}p.period_start,
         (SELECT count(*) FROM active${suffix} a WHERE a.period_start = p.period_start${same('a', 'p', keys)}) AS active,
         (SELECT count(*) FROM (SELECT ${list(keys)}customer, min(period_start) AS first FROM active${suffix} GROUP BY ${list(keys)}customer) f WHERE f.first = p.period_start${same('f', 'p', keys)}) AS new_customers,
         (SELECT count(*) FROM active${suffix} a WHERE a.period_start + ${step} = p.period_start${same('a', 'p', keys)}
            AND NOT EXISTS (SELECT 1 FROM active${suffix} b WHERE b.customer = a.customer AND b.period_start = p.period_start${same('b', 'a', keys)})) AS churned,
         (SELECT count(*) FROM active${suffix} a WHERE a.period_start + ${step} = p.period_start${same('a', 'p', keys)}) AS base,
         p.period_start = (SELECT min(period_start) FROM periods${suffix} q WHERE true${same('q', 'p', keys)}) AS first_period
  FROM periods${suffix} p
)`,
  ];
  const sinceCut = Number.isFinite(since) ? ` OR ${instantLiteral(since)} > ${periods.startInstant('period_start')}` : '';
  const partial = `(data_end.at < ${periods.endInstant('period_start')}${sinceCut})`;
  const rate = (churned: string, base: string) => `CASE WHEN ${base} > 0 THEN ${d.double(churned)} / ${base} END`;
  const steps = [
    `counted AS (\n  ${eventRowsSql(options, context, options.events.length > 0 ? options.events : undefined, options.groupBy.map((name) => groupLabel(d, context.groupColumn(name))))}\n)`,
    ...figures('', g),
    ...(g.length > 0 ? figures('_all', []) : []),
    `data_end AS (\n  ${Number.isFinite(until) ? `SELECT ${instantLiteral(until)} AS at` : `SELECT ${periods.dataEnd('ts')} AS at\n  FROM counted`}\n)`,
    `overall AS (
  SELECT (SELECT count(DISTINCT customer) FROM counted) AS ever_active,
         CAST(coalesce(sum(churned) FILTER (WHERE NOT first_period AND NOT ${partial}), 0) AS BIGINT) AS churned,
         CAST(coalesce(sum(base) FILTER (WHERE NOT first_period AND NOT ${partial}), 0) AS BIGINT) AS base
  FROM figures${g.length > 0 ? '_all' : ''} CROSS JOIN data_end
)`,
    `keyed AS (
  SELECT 0 AS overall_row, ${list(g)}period_start, ${periods.label('period_start')} AS period, ${partial} AS partial,
         active, new_customers, active - new_customers AS returning_customers,
         CASE WHEN NOT first_period THEN churned END AS churned,
         CASE WHEN NOT first_period THEN ${rate('churned', 'base')} END AS churn_rate
  FROM figures CROSS JOIN data_end
  UNION ALL
  SELECT 1, ${g.map(() => `'all', `).join('')}NULL, 'all', false, ever_active, ever_active, 0, churned, ${rate('churned', 'base')}
  FROM overall
)`,
  ];
  const select = [
    'period AS "period"',
    'partial AS "partial"',
    ...options.groupBy.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'active AS "active"',
    'new_customers AS "new"',
    'returning_customers AS "returning"',
    'churned AS "churned"',
    'churn_rate AS "churn_rate"',
    '1 - churn_rate AS "retention_rate"',
  ];
  // Each group's periods in turn, as the streaming engine lists them.
  const order = ['overall_row', ...g.flatMap((key) => labelOrder(d, key)), 'period_start'];
  return `WITH ${steps.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM keyed\nORDER BY ${order.join(', ')}`;
}
