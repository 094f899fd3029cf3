import type { FileHeader, RecordCursor, RecordHandler } from '../../io/records.js';
import type { Tally } from '../../notes/tally.js';
import type { ColumnSpec, Resolution } from '../columns.js';
import type { RowKind } from '../row-kinds.js';
import type { TimeSetup } from './time-setup.js';
import type { SpanReach } from '../window.js';
import type { IdBlock } from '../../kernels/interner.js';

// A row plan is the reading of one row kind (posts, events, answers): per
// file, once, headers become canonical columns and converters are compiled
// for the used columns only; per row, filters apply first, then the used
// cells are converted, problems tallied with file:line:column, and one
// reused typed row is handed on. Metrics never see a cell.

export interface RowContext {
  /** Bad cells and rows; fatal unless --skip-invalid. */
  problems: Tally;
  /** Facts worth telling (blanks counted as 0, rows left out), printed to stderr. */
  notes: Tally;
  skipInvalid: boolean;
  /** Rows the platforms write themselves and that are no data (a Total row, a deleted post), left out. */
  platformRows: number;
  /** Rows handed to the metric: none, after rows were read, is an empty result that must be said. */
  counted: number;
}

/** Where a plan's rows go. The row object is reused: keep its fields, not the object. */
export interface RowSink<Row> {
  add(row: Row): void;
  /** Rows that passed every filter but --since/--until, for figures over the whole file. */
  observe?(row: Row): void;
}

export interface RowPlan<Row> {
  readonly kind: RowKind;
  readonly columns: readonly ColumnSpec[];
  readonly time: TimeSetup;
  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext, sink: RowSink<Row>): RecordHandler;
  /** What the plan left out and why (filtered rows, rows outside --since/--until), after the last file. */
  notes(): string[];
  /**
   * What the plan counted while reading, as data, to be added to the plan of the
   * whole file when a part of it was read elsewhere (a worker thread). Plans
   * without it are read on one thread.
   */
  gathered?(): PlanGathered;
  /** Adds a part's counts; a plan of customers returns how the part's customers are numbered in the whole. */
  absorb?(gathered: PlanGathered): CustomerMapping | void;
  /**
   * Whether the plan counts an order once over its lines, by their order id:
   * a piece read apart counts its own, so an order whose lines fall in two
   * pieces would count twice (split-safety.ts).
   */
  readonly countsOrders?: boolean;
}

export interface PlanGathered {
  reach: SpanReach;
  /** The lowest and highest whole answers seen (answers). */
  answers?: { lowest: number; highest: number };
  /**
   * Events: rows left out by --where and by their event's name, whether an event
   * column was seen, and the customers by index as one block of bytes (a million
   * small strings cost far more memory to carry, and a block moves between
   * threads without a copy).
   */
  events?: { filteredOut: number; otherEvents: number; eventColumnSeen: boolean; amountColumnSeen: boolean; customers: IdBlock };
}

/** How a part's customer numbers become the whole's: mapping[local] = global. */
export type CustomerMapping = Int32Array;

/** Every row carries its period key (0 without --period) and its --group-by values. */
export interface Keyed {
  period: number;
  /** One label per --group-by column; the array is reused from row to row. */
  groups: string[];
  /**
   * The groups of a row that is in several at once (the behavioural segments of its
   * customer, which may overlap): each its own labels; the overall figure still counts it once.
   */
  overlaps?: string[][];
}
