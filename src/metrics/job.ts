import type { RowPlan } from '../schema/plans/row-plan.js';
import type { Periods } from '../time/periods.js';
import type { Accumulator, ResultTable } from './types.js';

// What a metric makes of its options: the row plan that reads its input,
// the state the rows go into, and the table computed from that state.

export interface JobResult {
  table: ResultTable;
  /** The calendar of the table's period keys, when it has them (for --compare). */
  periods?: Periods;
  /** Notes on the figures (zero bases left out, partial periods), after the plan's own. */
  notes: string[];
  /** Notes that hold from the input's header alone (no amount column), which an SQL engine's run prints too: the other notes are of rows it did not read here. */
  headerNotes?: string[];
}

export interface MetricJob {
  readonly plan: RowPlan<unknown>;
  readonly state: Accumulator<unknown>;
  /** Other files read with plans of their own, whose states the table reads too (engage growth --posts). */
  readonly companions?: readonly Companion[];
  /** The figures, as a pure function of the state (and what the plan saw of the files). */
  table(): JobResult;
  /** The options in effect, for JSON output. */
  readonly options: Record<string, unknown>;
}

/** Ties a plan, a state of the same row type and a table function into a job. */
export function job<Row, State extends Accumulator<Row>>(
  plan: RowPlan<Row>,
  state: State,
  table: (state: State) => JobResult,
  options: Record<string, unknown>,
): MetricJob {
  return {
    plan: plan as RowPlan<unknown>,
    state: state as Accumulator<unknown>,
    table: () => table(state),
    options: { ...options, tz: plan.time.zone.name },
  };
}

/**
 * Files of another row kind that a metric reads beside its input (the posts
 * of engage growth --posts): their own plan and state, read after the input,
 * with the same checks; the metric's table reads the state.
 */
export interface Companion {
  /** The option that named the files, for its notes and errors. */
  option: string;
  files: string[];
  plan: RowPlan<unknown>;
  state: Accumulator<unknown>;
}

/** A companion's plan and state, held as one of a job's. */
export function companion<Row>(option: string, files: string[], plan: RowPlan<Row>, state: Accumulator<Row>): Companion {
  return { option, files, plan: plan as RowPlan<unknown>, state: state as Accumulator<unknown> };
}
