import { changeStatisticSql, type ChangeTest } from './change-tests.js';
import type { CompareMode } from '../time/compare-mode.js';
import type { Dialect } from './dialect.js';
import { labelOrder, sqlName } from './dialect.js';
import type { PeriodsSql } from './periods-sql.js';

// The last step of every table with a row per period and group, as SQL:
// its columns in order, sorted as engage sorts; with --compare (METRICS.md
// "Growth"), each figure's change against the same group's row of the period
// before, or of the same period a year before, joined from the table itself.

/** What --compare adds to a statement: each figure's change column, a difference or relative. */
export interface CompareSql {
  mode: CompareMode;
  changes: { figure: string; name: string; difference: boolean }[];
  /** The figures whose change is tested: the statement gives each test's statistic and degrees of freedom, engage the p-value (sql-document.ts). */
  tests?: ChangeTest[];
}

export interface FinalSelect {
  dialect: Dialect;
  /** The output columns, in order, as expressions over `from`. */
  columns: { name: string; expr: string }[];
  /** Rows with `overall_row` (1 on the overall row), `period_start` when there are periods, and `g1`… */
  from: string;
  periods: PeriodsSql | undefined;
  groups: number;
  /** Groups in turn, each group's periods in order (churn, lifecycle …); else periods in turn, groups within. */
  groupsFirst: boolean;
  compare: CompareSql | undefined;
  /** Columns after the table's own (and after --compare's changes), that the metric reads and drops (rate's groups_left_out). */
  trailing?: { name: string; expr: string }[];
}

/** The statement's last steps (CTEs, none without --compare) and its final SELECT. */
export function finalSelect(spec: FinalSelect): { steps: string[]; select: string } {
  const { dialect: d, periods, compare } = spec;
  const g = Array.from({ length: spec.groups }, (_, i) => `g${i + 1}`);
  const order = (overall: string, start: string, key: (name: string) => string) => {
    const labels = g.flatMap((name) => labelOrder(d, key(name)));
    const start_ = periods ? [start] : [];
    return [overall, ...(spec.groupsFirst ? [...labels, ...start_] : [...start_, ...labels])].join(', ');
  };
  const trailing = spec.trailing ?? [];
  const columns = [...spec.columns, ...trailing].map((c) => `${c.expr} AS ${sqlName(c.name)}`);
  if (compare === undefined || periods === undefined) {
    return { steps: [], select: `SELECT ${columns.join(',\n       ')}\nFROM ${spec.from}${periods || g.length > 0 ? `\nORDER BY ${order('overall_row', 'period_start', (name) => name)}` : ''}` };
  }
  // The table's rows with their keys kept, so that a row can find its earlier one.
  const keys = ['overall_row AS key_overall', 'period_start AS key_start', ...g.map((name) => `${name} AS key_${name}`)];
  const result = `result AS (\n  SELECT ${[...keys, ...columns].join(',\n         ')}\n  FROM ${spec.from}\n)`;
  const earlier = earlierStart(periods, compare.mode, 'this_period.key_start');
  // An overall row without a period (key_start NULL) finds none; overall rows per period (trend's all) find theirs.
  const join = ['earlier.key_overall = this_period.key_overall', `earlier.key_start = ${earlier}`, ...g.map((name) => `earlier.key_${name} = this_period.key_${name}`)];
  // A figure only some inputs have (rate's daily_rate) is compared where the statement has it.
  const { changes, statistics } = changeColumns(d, compare, new Set(spec.columns.map((c) => c.name)), 'this_period', 'earlier');
  const select = `SELECT ${[...spec.columns.map((c) => `this_period.${sqlName(c.name)}`), ...changes, ...statistics, ...trailing.map((c) => `this_period.${sqlName(c.name)}`)].join(',\n       ')}
FROM result this_period LEFT JOIN result earlier ON ${join.join('\n  AND ')}
ORDER BY ${order('this_period.key_overall', 'this_period.key_start', (name) => `this_period.key_${name}`)}`;
  return { steps: [result], select };
}

/** Each figure's change (and each tested one's statistic and degrees of freedom) as SELECT items over a row and its earlier one. */
export function changeColumns(d: Dialect, compare: CompareSql, figures: ReadonlySet<string>, now: string, before: string): { changes: string[]; statistics: string[] } {
  const changes = compare.changes.filter(({ figure }) => figures.has(figure)).map(({ figure, name, difference }) => {
    const [a, b] = [`${now}.${sqlName(figure)}`, `${before}.${sqlName(figure)}`];
    const expr = difference ? `${a} - ${b}` : `CASE WHEN ${b} <> 0 THEN (${d.double(a)} - ${b}) / abs(${b}) END`;
    return `${expr} AS ${sqlName(name)}`;
  });
  const statistics = (compare.tests ?? []).flatMap((test) => {
    const { statistic, df } = changeStatisticSql(test, (column) => `${now}.${sqlName(column)}`, (column) => `${before}.${sqlName(column)}`, d.double);
    return [`${statistic} AS ${sqlName(`${test.figure}_statistic`)}`, `${df} AS ${sqlName(`${test.figure}_df`)}`];
  });
  return { changes, statistics };
}

/** The wall-clock start of the period a row is compared with. */
export function earlierStart(periods: PeriodsSql, mode: CompareMode, start: string): string {
  if (mode === 'previous') return `${start} - ${periods.step}`;
  switch (periods.unit) {
    case 'day':
      // 29 February has no day a year before.
      return `CASE WHEN extract(month FROM ${start}) = 2 AND extract(day FROM ${start}) = 29 THEN NULL ELSE ${start} - ${periods.dialect.interval(1, 'year')} END`;
    case 'week':
      // 52 weeks: the same weekday, nearly the same week number.
      return `${start} - ${periods.dialect.interval(364, 'day')}`;
    default:
      return `${start} - ${periods.dialect.interval(1, 'year')}`;
  }
}
