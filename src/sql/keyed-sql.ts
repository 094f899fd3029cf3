import { snakeCase } from '../schema/columns.js';
import { BLANK_LABEL } from '../schema/values.js';
import { finalSelect, type CompareSql } from './compare-sql.js';
import type { Dialect } from './dialect.js';
import { isBlankSql, labelOrder, sqlName, sqlString } from './dialect.js';
import { changeStatisticSql, type ChangeTest } from './change-tests.js';
import type { PeriodsSql } from './periods-sql.js';

// The SQL of the table most metrics print (src/metrics/keyed-table.ts): one
// row per period and group, [period, partial], the group values, the
// figures, and the overall row ("all") last. A metric gives the rows it
// counts, the aggregates of a set of rows and its figures from them; the
// statement's steps are CTEs named after the definition's steps.

export interface Aggregate {
  name: string;
  /** Over the rows of one group (and of all rows, for the overall row). */
  expr: string;
  /** Its value for a period without rows, shown between two with rows. */
  empty?: string;
}

export interface KeyedSql {
  dialect: Dialect;
  /** FROM what: the table, quoted. */
  from: string;
  /** The timestamp column, quoted; undefined when the table needs none (no periods, no window). */
  ts: string | undefined;
  /** The columns a counted row carries, by name: expressions over the table's columns. */
  values: Record<string, string>;
  /** Conditions on the table's rows (blanks left out, bad data refused). */
  where: string[];
  periods: PeriodsSql | undefined;
  since: number;
  until: number;
  /** --group-by: the output column's name and the table's column, quoted; or a grouping derived from the row (derived-groups-sql.ts). */
  groups: KeyedGroup[];
  aggregates: Aggregate[];
  /** The figures, in order, as expressions over the aggregates' names. */
  figures: { name: string; expr: string }[];
  /** Without --group-by, periods without rows between two with rows are shown, empty. */
  gaps?: boolean;
  compare: CompareSql | undefined;
  /** --vs VALUE: each row of the first group column tested against VALUE's row of the same period and other groups. */
  vs?: { value: string; test: ChangeTest };
  /**
   * --min-posts: group rows whose aggregate is below `min` are left out (the overall row keeps
   * their rows); how many, in the statement's last column `groups_left_out`, which the metric
   * turns into a note.
   */
  thin?: { aggregate: string; min: number };
}

export interface KeyedGroup {
  name: string;
  column: string;
  /** The label's expression, when it is not the column's value (a weekday of a time); NULL: the row is in no group, only in the overall row. */
  label?: string;
  /** What the output shows of a label (a weekday's label carries its place in the week first, to sort by). */
  show?: (label: string) => string;
  /** A list of labels per row instead of one (a post's hashtags): the row counts once in each, and once in the overall row. */
  labels?: string;
}

/** A group's value as engage labels it: trimmed text, "(blank)" when it says nothing. */
export function groupLabel(dialect: Dialect, column: string): string {
  const text = `trim(${dialect.text(column)})`;
  return `CASE WHEN ${isBlankSql(column)} THEN '${BLANK_LABEL}' ELSE ${text} END`;
}

export function keyedSql(spec: KeyedSql): string {
  const { dialect, periods, groups } = spec;
  const g = groups.map((_, i) => `g${i + 1}`);
  const keys = [...(periods ? ['period_start'] : []), ...g];
  const steps: string[] = [];

  const windowed = Number.isFinite(spec.since) || Number.isFinite(spec.until);
  const where = [...spec.where];
  if (Number.isFinite(spec.since)) where.push(`${spec.ts} >= ${dialect.instantLiteral(spec.since)}`);
  if (Number.isFinite(spec.until)) where.push(`${spec.ts} < ${dialect.instantLiteral(spec.until)}`);
  const columns = [
    ...(spec.ts && (periods || windowed) ? [`${spec.ts} AS ts`] : []),
    ...(periods ? [`${periods.start(spec.ts!)} AS period_start`] : []),
    ...groups.map((group, i) => (group.labels !== undefined ? `${group.labels} AS ${g[i]}_list` : `${group.label ?? groupLabel(dialect, group.column)} AS ${g[i]}`)),
    ...Object.entries(spec.values).map(([name, expr]) => `${expr} AS ${name}`),
  ];
  steps.push(`counted AS (\n  SELECT ${columns.join(',\n         ')}\n  FROM ${spec.from}${where.length > 0 ? `\n  WHERE ${where.join('\n    AND ')}` : ''}\n)`);

  const aggregates = spec.aggregates.map((a) => `${a.expr} AS ${a.name}`).join(',\n         ');
  if (keys.length === 0) {
    const figures = spec.figures.map((f) => `${f.expr} AS ${sqlName(f.name)}`);
    steps.push(`overall AS (\n  SELECT ${aggregates}\n  FROM counted\n)`);
    return `WITH ${steps.join(',\n')}\nSELECT ${figures.join(',\n       ')}\nFROM overall`;
  }

  // A derived label can be none (a post without a time has no weekday): such a row is in the overall row only.
  const labelled = groups.flatMap((group, i) => (group.label !== undefined ? [`${g[i]} IS NOT NULL`] : []));
  // A row with a list of labels is a row in each of its groups (one list a statement: a second would pair, not cross, the lists).
  const listed = groups.findIndex((group) => group.labels !== undefined);
  const inGroups = listed < 0 ? 'counted' : `(SELECT *, ${dialect.unnest(`${g[listed]}_list`)} AS ${g[listed]} FROM counted) AS in_groups`;
  steps.push(`by_group AS (\n  SELECT ${keys.join(', ')},\n         ${aggregates}\n  FROM ${inGroups}${labelled.length > 0 ? `\n  WHERE ${labelled.join(' AND ')}` : ''}\n  GROUP BY ${keys.join(', ')}\n)`);
  let grouped = 'by_group';
  if (spec.gaps && periods && groups.length === 0) {
    steps.push(
      `every_period AS (\n  SELECT period_start\n  FROM ${periods.series('(SELECT min(period_start) FROM counted)', '(SELECT max(period_start) FROM counted)', 'period_start')}\n)`,
      `with_gaps AS (\n  SELECT every_period.period_start,\n         ${spec.aggregates.map((a) => (a.empty === undefined ? `by_group.${a.name}` : `coalesce(by_group.${a.name}, ${a.empty}) AS ${a.name}`)).join(',\n         ')}\n  FROM every_period LEFT JOIN by_group ON by_group.period_start = every_period.period_start\n)`,
    );
    grouped = 'with_gaps';
  }
  const names = spec.aggregates.map((a) => a.name).join(', ');
  steps.push(`overall AS (\n  SELECT ${aggregates}\n  FROM counted\n)`);
  const kept = spec.thin === undefined ? '' : ` WHERE ${spec.thin.aggregate} >= ${spec.thin.min}`;
  if (spec.thin !== undefined) steps.push(`thin AS (\n  SELECT count(*) AS groups_left_out FROM ${grouped} WHERE ${spec.thin.aggregate} < ${spec.thin.min}\n)`);
  steps.push(`keyed AS (\n  SELECT 0 AS overall_row, ${keys.join(', ')}, ${names} FROM ${grouped}${kept}\n  UNION ALL\n  SELECT 1, ${keys.map(() => 'NULL').join(', ')}, ${names} FROM overall\n)`);

  const select: { name: string; expr: string }[] = [];
  let from = 'keyed';
  const vsColumns: { name: string; expr: string }[] = [];
  if (spec.vs !== undefined && groups.length > 0) {
    // Each group row beside the row of the group it is tested against (the same period and other groups); VALUE must be a group.
    const { value, test } = spec.vs;
    const inputs = [...new Set(Object.entries(test).filter(([key]) => key !== 'figure' && key !== 'kind').map(([, column]) => column as string))];
    const on = ['v.vs_key = k.overall_row + 1', ...(periods ? ['v.period_start = k.period_start'] : []), ...g.slice(1).map((key) => `v.${key} = k.${key}`)];
    const missing = dialect.refuse(`(SELECT count(*) FROM by_group WHERE g1 = ${sqlString(value)}) = 0`, sqlString(`engage: --vs ${value} is not a value of ${groups[0].name}`));
    steps.push(`vs_keyed AS (
  SELECT k.*, ${inputs.map((column) => `v.${column} AS vs_${column}`).join(', ')}
  FROM keyed k LEFT JOIN (SELECT 1 AS vs_key, ${[...(periods ? ['period_start'] : []), ...g.slice(1), ...inputs].join(', ')} FROM by_group WHERE g1 = ${sqlString(value)}) v ON ${on.join(' AND ')}
  WHERE ${missing}
)`);
    from = 'vs_keyed';
    const { statistic, df } = changeStatisticSql(test, (column) => column, (column) => `vs_${column}`, dialect.double);
    const tested = `overall_row = 0 AND g1 <> ${sqlString(value)}`;
    vsColumns.push({ name: `${test.figure}_statistic`, expr: `CASE WHEN ${tested} THEN ${statistic} END` }, { name: `${test.figure}_df`, expr: `CASE WHEN ${tested} THEN ${df} END` });
  }
  if (periods) {
    // --until says where the data ends; else the counted rows do.
    steps.push(periods.dataEndStep(spec.until));
    from = `${from} CROSS JOIN data_end`;
    select.push(
      { name: 'period', expr: `CASE WHEN overall_row = 1 THEN 'all' ELSE ${periods.label('period_start')} END` },
      { name: 'partial', expr: `CASE WHEN overall_row = 1 THEN false ELSE ${periods.partial('period_start', spec.since)} END` },
    );
  }
  groups.forEach((group, i) => select.push({ name: snakeCase(group.name), expr: `CASE WHEN overall_row = 1 THEN 'all' ELSE ${group.show ? group.show(g[i]) : g[i]} END` }));
  select.push(...spec.figures, ...vsColumns);
  if (spec.thin !== undefined) from = `${from} CROSS JOIN thin`;
  const trailing = spec.thin === undefined ? undefined : [{ name: 'groups_left_out', expr: 'groups_left_out' }];
  const last = finalSelect({ dialect, columns: select, from, periods, groups: groups.length, groupsFirst: false, compare: spec.compare, trailing });
  return `WITH ${[...steps, ...last.steps].join(',\n')}\n${last.select}`;
}

export { labelOrder };
