import { snakeCase } from '../../schema/columns.js';
import { finalSelect } from '../../sql/compare-sql.js';
import { sqlString } from '../../sql/dialect.js';
import { groupLabel } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { eventRowsSql } from '../events/events-sql.js';
import { formulaSql } from './formula.js';
import { measuredColumns, type TrendOptions, type TrendRequest } from './options.js';
import type { Series } from './series.js';

// A trend as SQL (the streaming form is state.ts and table.ts): each series
// aggregated per group and period over the counted rows, every period from
// the first to the last (or --since/--until) for every group and for all,
// the formula on the unsmoothed values, then the trailing means.

export function trendSql(options: TrendOptions, request: TrendRequest, context: SqlContext): string {
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const { series, formula } = request;
  const measured = measuredColumns(series);
  const everyEvent = series.some((s) => s.event === undefined);
  const selected = everyEvent ? (options.events.length > 0 ? options.events : undefined) : [...new Set(series.map((s) => s.event!))];
  const g = options.groupBy.map((_, i) => `g${i + 1}`);
  const labels = options.groupBy.map((name) => groupLabel(d, context.groupColumn(name)));
  const s = series.map((_, i) => `s${i}`);

  const aggregate = (one: Series): string => {
    const when = (value: string) => (one.event === undefined ? value : `CASE WHEN event = ${sqlString(one.event)} THEN ${value} END`);
    const v = `v${measured.indexOf(one.column ?? '')}`;
    switch (one.kind) {
      case 'events':
        return one.event === undefined ? 'count(*)' : `count(${when('1')})`;
      case 'customers':
        return `count(DISTINCT ${when('customer')})`;
      case 'sum':
        return d.sum(when(v));
      case 'mean':
        return d.mean(when(v));
    }
  };
  const aggregates = series.map((one, i) => `${aggregate(one)} AS ${s[i]}`).join(', ');
  const low = Number.isFinite(since) ? periods.start(d.instantLiteral(since)) : 'first_start';
  const high = Number.isFinite(until) ? periods.start(d.instantLiteral(until - 1)) : 'last_start';
  const onPeriod = (a: string, b: string, keys: string[]) => [`${a}.period_start = ${b}.period_start`, ...keys.map((key) => `${a}.${key} = ${b}.${key}`)].join(' AND ');
  // A count or a sum of a period without rows is 0; a mean stays undefined.
  const value = (one: Series, i: number) => (one.kind === 'mean' ? s[i] : `coalesce(${s[i]}, 0)`);
  const window = `PARTITION BY overall_row${g.map((key) => `, ${key}`).join('')} ORDER BY period_start ROWS BETWEEN ${(options.smooth ?? 1) - 1} PRECEDING AND CURRENT ROW`;
  const smooth = (column: string) =>
    options.smooth === undefined ? column : `CASE WHEN count(${column}) OVER (${window}) = ${options.smooth} THEN sum(${d.double(column)}) OVER (${window}) / ${options.smooth} END`;
  const shown = [...s, ...(formula !== undefined ? ['formula'] : [])];

  const steps = [
    `counted AS (\n  ${eventRowsSql(options, context, selected, labels, { columns: measured.map((column, i) => `${d.double(context.groupColumn(column))} AS v${i}`) })}\n)`,
    `figures AS (\n  SELECT ${g.map((key) => `${key}, `).join('')}period_start, ${aggregates}\n  FROM counted GROUP BY ${g.map((key) => `${key}, `).join('')}period_start\n)`,
    ...(g.length > 0 ? [`figures_all AS (\n  SELECT period_start, ${aggregates}\n  FROM counted GROUP BY period_start\n)`] : []),
    `bounds AS (\n  SELECT ${low} AS low, ${high} AS high\n  FROM (SELECT min(period_start) AS first_start, max(period_start) AS last_start FROM counted) data_span\n)`,
    `grid AS (\n  SELECT ${periods.everyStart('low', 'high')} AS period_start\n  FROM bounds WHERE low IS NOT NULL AND high IS NOT NULL\n)`,
    ...(g.length > 0
      ? [
          `group_keys AS (\n  SELECT DISTINCT ${g.join(', ')} FROM counted\n)`,
          `table_rows AS (
  SELECT 0 AS overall_row, ${g.map((key) => `k.${key} AS ${key}, `).join('')}p.period_start AS period_start, ${s.map((c) => `f.${c} AS ${c}`).join(', ')}
  FROM group_keys k CROSS JOIN grid p LEFT JOIN figures f ON ${onPeriod('f', 'p', []).concat(g.map((key) => ` AND f.${key} = k.${key}`).join(''))}
  UNION ALL
  SELECT 1, ${g.map(() => `'all', `).join('')}p.period_start, ${s.map((c) => `f.${c}`).join(', ')}
  FROM grid p LEFT JOIN figures_all f ON ${onPeriod('f', 'p', [])}
)`,
        ]
      : [`table_rows AS (\n  SELECT 0 AS overall_row, p.period_start AS period_start, ${s.map((c) => `f.${c} AS ${c}`).join(', ')}\n  FROM grid p LEFT JOIN figures f ON ${onPeriod('f', 'p', [])}\n)`]),
    `valued AS (
  SELECT overall_row, ${g.map((key) => `${key}, `).join('')}period_start, ${series.map((one, i) => `${value(one, i)} AS ${s[i]}`).join(', ')}${formula !== undefined ? `,\n         ${formulaSql(formula, (name) => value(series.find((one) => one.name === name)!, series.findIndex((one) => one.name === name)), d.double)} AS formula` : ''}
  FROM table_rows
)`,
    `smoothed AS (\n  SELECT overall_row, ${g.map((key) => `${key}, `).join('')}period_start, ${shown.map((c) => `${smooth(c)} AS ${c}`).join(', ')}\n  FROM valued\n)`,
    periods.dataEndStep(until),
  ];
  const last = finalSelect({
    dialect: d,
    columns: [
      { name: 'period', expr: periods.label('period_start') },
      { name: 'partial', expr: periods.partial('period_start', since) },
      ...options.groupBy.map((name, i) => ({ name: snakeCase(name), expr: g[i] })),
      ...series.map((one, i) => ({ name: one.name, expr: s[i] })),
      ...(formula !== undefined ? [{ name: 'formula', expr: 'formula' }] : []),
    ],
    from: 'smoothed CROSS JOIN data_end',
    periods,
    groups: g.length,
    groupsFirst: true,
    compare: context.compare,
  });
  return `WITH ${[...steps, ...last.steps].join(',\n')}\n${last.select}`;
}
