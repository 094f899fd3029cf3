import type { CompareMode } from '../time/compare-mode.js';
import type { Periods } from '../time/periods.js';
import { changePValue, changeStatistic, CHANGE_ALPHA } from './significance.js';
import type { Cell, ChangeTest, ResultColumn, ResultTable } from './types.js';

// --compare previous|yoy (METRICS.md "Growth"): for every period row, the
// change of each figure against the period before or the same period a year
// before, in the same group: rates in percentage points (a difference of
// fractions), counts and other figures relative to the earlier value.

export type { CompareMode };

/** A figure of a table and the column of its change, as --compare adds it. */
export interface ComparedFigure {
  figure: string;
  index: number;
  change: ResultColumn;
}

/** The figures --compare adds a change for, in order, with their change columns. */
export function comparedFigures(columns: readonly ResultColumn[], mode: CompareMode): ComparedFigure[] {
  const suffix = mode === 'previous' ? 'change' : 'yoy';
  return columns.flatMap((column, index) => (isFigure(column) ? [{ figure: column.name, index, change: { name: `${column.name}_${suffix}`, type: changeType(column) } }] : []));
}

/** Whether a change of this type is a difference (points of a rate or score), not relative to the earlier value. */
export function isDifference(change: ResultColumn): boolean {
  return change.type !== 'change';
}

export function addComparison(table: ResultTable, periods: Periods, mode: CompareMode): ResultTable {
  const keys = table.periodKeys;
  if (keys === undefined) return table;
  const figures = comparedFigures(table.columns, mode);
  const groupIndexes = table.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column.type === 'text')
    .map(({ index }) => index);
  const rowAt = new Map<string, Cell[]>();
  const id = (key: number, row: Cell[]) => `${key}\u001f${groupIndexes.map((i) => row[i]).join('\u001f')}`;
  table.rows.forEach((row, r) => {
    const key = keys[r];
    if (key !== null) rowAt.set(id(key, row), row);
  });
  const tests = testedFigures(table, figures);
  const at = (row: Cell[]) => (name: string) => row[table.columns.findIndex((c) => c.name === name)];
  const rows = table.rows.map((row, r) => {
    const key = keys[r];
    const earlierKey = key === null ? undefined : mode === 'previous' ? periods.previous(key) : periods.yearBefore(key);
    const earlier = earlierKey === undefined ? undefined : rowAt.get(id(earlierKey, row));
    const significance = tests.flatMap((test): Cell[] => {
      const statistic = earlier === undefined ? undefined : changeStatistic(test, at(row), at(earlier));
      if (statistic === undefined) return [null, null];
      const p = changePValue(statistic);
      return [p, p < (table.alpha ?? CHANGE_ALPHA)];
    });
    return [...row, ...figures.map(({ index, change: column }) => change(row[index], earlier?.[index], column)), ...significance];
  });
  const suffix = mode === 'previous' ? 'change' : 'yoy';
  const columns = [...table.columns, ...figures.map(({ change }) => change), ...testColumns(tests)];
  const against = mode === 'previous' ? 'the period before' : 'the same period a year before';
  return {
    ...table,
    columns,
    rows,
    formula: `${table.formula}; *_${suffix}: against ${against}, rates in percentage points, scores (NPS, means) in points, counts relative${tests.length > 0 ? `; *_p_value: the change's two-sided p-value, the periods as independent samples (${tests.map((t) => `${t.figure}: ${TEST_NAMES[t.kind]}`).join(', ')}); *_significant: p < ${table.alpha ?? CHANGE_ALPHA}` : ''}`,
  };
}

const TEST_NAMES: Record<ChangeTest['kind'], string> = { nps: 'z test of NPS', proportion: 'pooled two-proportion z test', mean: "Welch's t" };

/** The tests of the figures --compare changes, in the table's order. */
export function testedFigures(table: ResultTable, figures: readonly ComparedFigure[]): ChangeTest[] {
  return (table.tests ?? []).filter((test) => figures.some((f) => f.figure === test.figure));
}

/** The columns a figure's test adds after the changes: its p-value and whether it is below the level. */
export function testColumns(tests: readonly ChangeTest[]): ResultColumn[] {
  return tests.flatMap((test): ResultColumn[] => [
    { name: `${test.figure}_p_value`, type: 'pvalue' },
    { name: `${test.figure}_significant`, type: 'flag' },
  ]);
}

function isFigure(column: ResultColumn): boolean {
  return column.type === 'count' || column.type === 'rate' || column.type === 'number' || column.type === 'score';
}

function changeType(column: ResultColumn): ResultColumn['type'] {
  if (column.type === 'rate') return 'points';
  if (column.type === 'score') return 'score';
  return 'change';
}

function change(now: Cell | undefined, before: Cell | undefined, changeColumn: ResultColumn): Cell {
  if (typeof now !== 'number' || typeof before !== 'number') return null;
  if (isDifference(changeColumn)) return now - before;
  return before === 0 ? null : (now - before) / Math.abs(before);
}
