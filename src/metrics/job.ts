import type { FileHeader, RecordCursor, RecordHandler } from '../io/records.js';
import type { ColumnSpec, Resolution } from '../schema/columns.js';
import type { Tally } from './tally.js';
import type { Periods } from '../time/periods.js';
import type { ResultTable } from './types.js';

// What the generic runner needs from a metric command: which row kind it
// reads, a compiled row handler per file, and the result at the end.

export interface RowContext {
  /** Bad cells and rows; fatal unless --skip-invalid. */
  problems: Tally;
  /** Facts worth telling (blanks counted as 0, rows left out), printed to stderr. */
  notes: Tally;
  skipInvalid: boolean;
}

export interface JobResult {
  table: ResultTable;
  /** The calendar of the table's period keys, when it has them (for --compare). */
  periods?: Periods;
  /** Notes that are not per-row tallies, e.g. which formula each file used. */
  notes: string[];
}

export interface MetricJob {
  readonly columns: readonly ColumnSpec[];
  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext): RecordHandler;
  finish(): JobResult;
  /** The options in effect, for JSON output. */
  readonly effectiveOptions: Record<string, unknown>;
}
