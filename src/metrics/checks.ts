import { UsageError } from '../errors.js';
import type { Cell, ResultTable } from './types.js';

// --fail-if "pooled_rate < 0.02": a promise about a number, checked against
// the overall row (or every row with --fail-if-any). A check on a value that
// is undefined (a rate over nothing) fails: the promise cannot be shown kept.

const OPERATORS = ['<=', '>=', '==', '!=', '<', '>'] as const;
type Operator = (typeof OPERATORS)[number];

export interface Check {
  text: string;
  column: string;
  operator: Operator;
  value: number;
}

export function parseCheck(text: string): Check {
  const match = /^\s*([A-Za-z_][\w]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*$/.exec(text);
  if (!match) {
    throw new UsageError(`--fail-if "${text}" is not of the form COLUMN OP NUMBER`, [
      'operators: < <= > >= == !=, e.g. --fail-if "pooled_rate < 0.02" or --fail-if "nps <= 30"',
    ]);
  }
  return { text: text.trim(), column: match[1], operator: match[2] as Operator, value: Number(match[3]) };
}

/** Usage error, before anything is written, when a check names a column the table has not. */
export function assertCheckColumns(checks: readonly Check[], table: ResultTable, command: string): void {
  const numeric = table.columns.filter((c) => c.type !== 'text' && c.type !== 'period' && c.type !== 'flag' && c.type !== 'timestamp');
  for (const check of checks) {
    if (!numeric.some((c) => c.name === check.column)) {
      throw new UsageError(`--fail-if "${check.text}": engage ${command} has no numeric column "${check.column}"`, [
        `its columns: ${numeric.map((c) => c.name).join(', ')}`,
      ]);
    }
  }
}

export interface CheckFailure {
  check: Check;
  /** What the row is: "overall", or its period and group values. */
  row: string;
  actual: Cell;
}

/** The checks that fail: the condition holds (it is a "fail if"), or the value is undefined. */
export function failedChecks(checks: readonly Check[], table: ResultTable, everyRow: boolean): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const overall = table.overallRow ?? table.rows.length - 1;
  const rowIndexes = everyRow ? table.rows.map((_, i) => i) : [overall];
  const labelColumns = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type === 'text' || c.type === 'period');
  for (const check of checks) {
    const column = table.columns.findIndex((c) => c.name === check.column);
    for (const r of rowIndexes) {
      const row = table.rows[r];
      if (row === undefined) continue;
      const actual = row[column];
      if (typeof actual !== 'number' || holds(actual, check.operator, check.value)) {
        const label = r === overall && table.overallRow !== undefined ? 'overall' : labelColumns.map(({ i }) => row[i]).join(' ') || 'overall';
        failures.push({ check, row: label, actual: actual ?? null });
      }
    }
  }
  return failures;
}

function holds(actual: number, operator: Operator, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}
