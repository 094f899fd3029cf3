import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import { keyedTable } from '../keyed-table.js';
import type { Accumulator, Cell, ChangeTest, ResultColumn } from '../types.js';

// The per-period table of the event metrics whose state keeps its own
// periods (churn, lifecycle): one row per group and period, overall last.

export interface EventPeriodTable<A> {
  title: string;
  formula: string;
  figures: ResultColumn[];
  /** Each period's cells of one group's state. */
  rowsOf(state: A): [period: number, cells: Cell[]][];
  overall: Cell[];
  notes: string[];
  tests?: ChangeTest[];
  alpha?: number;
}

export function eventPeriodTable<A extends Accumulator<EventInput>>(grouped: Grouped<EventInput, A>, plan: EventPlan, spec: EventPeriodTable<A>): JobResult {
  const rows = grouped.sorted().flatMap((group) => spec.rowsOf(group.state).map(([period, cells]) => ({ period, values: group.key.values, cells })));
  return keyedTable({ ...spec, periods: plan.time.periods!, span: plan.time.span, groupNames: plan.options.groupBy, rows });
}
