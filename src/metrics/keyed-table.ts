import { snakeCase } from '../schema/columns.js';
import type { Periods } from '../time/periods.js';
import type { DataSpan } from '../schema/window.js';
import type { JobResult } from './job.js';
import type { Cell, ChangeTest, ResultColumn } from './types.js';

// The table most metrics print: [period, partial], the --group-by values, the
// figures; one row per period and group, the overall row ("all") last,
// partial periods marked and noted, period keys kept for --compare.

export interface KeyedRow {
  /** The period key; ignored without periods. */
  period: number;
  values: readonly string[];
  cells: Cell[];
}

export interface KeyedTableSpec {
  title: string;
  formula: string;
  periods: Periods | undefined;
  span: DataSpan;
  groupNames: readonly string[];
  figures: ResultColumn[];
  rows: KeyedRow[];
  overall: Cell[];
  notes: string[];
  /** The figures whose change --compare tests (significance.ts), and at what level. */
  tests?: ChangeTest[];
  alpha?: number;
  /** The name of the period column: period, or month where a metric is monthly by definition. */
  periodColumn?: string;
  /** What a partial period's note says; by default why the period is partial. */
  partialNote?(key: number): string;
}

export function keyedTable(spec: KeyedTableSpec): JobResult {
  const { periods, span, groupNames } = spec;
  const columns: ResultColumn[] = [];
  if (periods) columns.push({ name: spec.periodColumn ?? 'period', type: 'period' }, { name: 'partial', type: 'flag' });
  for (const name of groupNames) columns.push({ name: snakeCase(name), type: 'text' });
  columns.push(...spec.figures);

  // Without periods or groups the overall row is the whole table.
  const hasKeys = periods !== undefined || groupNames.length > 0;
  const rows: Cell[][] = [];
  const periodKeys: (number | null)[] = [];
  const partial = new Set<number>();
  for (const row of hasKeys ? spec.rows : []) {
    const label: Cell[] = [];
    if (periods) {
      const isPartial = span.isPartial(periods, row.period);
      if (isPartial) partial.add(row.period);
      label.push(periods.label(row.period), isPartial);
    }
    rows.push([...label, ...row.values, ...row.cells]);
    periodKeys.push(periods ? row.period : null);
  }
  const total: Cell[] = periods ? ['all', false] : [];
  rows.push([...total, ...groupNames.map(() => 'all'), ...spec.overall]);
  periodKeys.push(null);
  const partialNote = spec.partialNote ?? ((key: number) => span.partialNote(periods!, key));
  const notes = [...spec.notes, ...[...partial].sort((a, b) => a - b).map(partialNote)];
  return {
    table: {
      title: spec.title,
      formula: spec.formula,
      columns,
      rows,
      overallRow: hasKeys ? rows.length - 1 : undefined,
      partialColumn: periods ? 'partial' : undefined,
      periodKeys: periods ? periodKeys : undefined,
      tests: spec.tests,
      alpha: spec.alpha,
    },
    notes,
    periods,
  };
}
