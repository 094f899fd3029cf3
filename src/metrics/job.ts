import { EventPlan } from '../schema/plans/events.js';
import type { RowPlan } from '../schema/plans/row-plan.js';
import { Segmentation } from './segments/segmentation.js';
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
  /**
   * The figures depend neither on the order in which a part's rows are read
   * nor on how its customers are numbered: a worker may go on into a tail of
   * another thread's range, which comes before its own in the file, in the
   * same state (continued-range.ts). Unset: rows are read in file order.
   */
  readonly rowsInAnyOrder?: boolean;
}

/** Ties a plan, a state of the same row type and a table function into a job. */
export function job<Row, State extends Accumulator<Row>>(
  plan: RowPlan<Row>,
  state: State,
  table: (state: State) => JobResult,
  options: Record<string, unknown>,
): MetricJob {
  const made: MetricJob = {
    plan: plan as RowPlan<unknown>,
    state: state as Accumulator<unknown>,
    table: () => table(state),
    options: { ...options, tz: plan.time.zone.name },
  };
  const segments = plan instanceof EventPlan ? plan.options.segments : undefined;
  return segments instanceof Segmentation ? segmented(made, segments) : made;
}

/**
 * A job whose input is read twice: first for its customers' segments
 * (--segment), then for its figures, or a list of one segment's customers.
 */
function segmented(made: MetricJob, segments: Segmentation): MetricJob {
  const table = (): JobResult => {
    if (segments.listed !== undefined) return segments.list();
    const result = made.table();
    const { columns, rows } = result.table;
    // A list of customers (a metric's own --list, engage customers) says which segments each is in.
    const perCustomer = columns[0]?.name === 'customer_id';
    if (segments.slot >= 0 && perCustomer && !columns.some((c) => c.name === 'segment')) {
      const segmentOf = segments.segmentColumn();
      result.table = { ...result.table, columns: [...columns, { name: 'segment', type: 'text' }], rows: rows.map((row) => [...row, segmentOf(String(row[0]))]) };
    }
    return { ...result, notes: [...segments.notes(!perCustomer), ...result.notes] };
  };
  return { ...made, table, companions: [...(made.companions ?? []), { option: '--segment', files: 'input', before: true, plan: segments.plan as RowPlan<unknown>, state: segments.log as Accumulator<unknown> }] };
}

/**
 * Files of another row kind that a metric reads beside its input (the posts
 * of engage growth --posts): their own plan and state, read after the input,
 * with the same checks; the metric's table reads the state.
 */
export interface Companion {
  /** The option that named the files, for its notes and errors. */
  option: string;
  /** Its files, or 'input': the job's own input, read once more with its settings (--map, --encoding …). */
  files: string[] | 'input';
  /** Read before the job's input, whose reading needs it (--segment decides the groups of its rows). */
  before?: boolean;
  plan: RowPlan<unknown>;
  state: Accumulator<unknown>;
}

/** A companion's plan and state, held as one of a job's. */
export function companion<Row>(option: string, files: string[], plan: RowPlan<Row>, state: Accumulator<Row>): Companion {
  return { option, files, plan: plan as RowPlan<unknown>, state: state as Accumulator<unknown> };
}
