import type { ChangeTest } from '../sql/change-tests.js';

export type { ChangeTest };

// The neutral result every metric produces and every formatter renders, and
// the shape of a metric's running state.

/** count: whole numbers; rate: a fraction (0.0344); number: any other figure; period: a period label. */
/**
 * score: a figure on its own scale (NPS, a mean answer), compared by difference;
 * points: a difference of two rates (0.012 = 1.2 percentage points); change: a relative change (0.1 = +10%);
 * pvalue: a probability read against a significance level (four decimals, <0.0001 below); chance: a
 * probability read as a percentage with one decimal (a variant's chance to win).
 */
export type ColumnType = 'text' | 'count' | 'rate' | 'number' | 'score' | 'period' | 'flag' | 'timestamp' | 'points' | 'change' | 'estimate' | 'pvalue' | 'chance';

export interface ResultColumn {
  /** Stable snake_case name used by CSV and JSON. */
  name: string;
  type: ColumnType;
}

/** null is "undefined" (a rate over zero): empty in CSV, null in JSON, — in tables. */
export type Cell = string | number | boolean | null;

export interface ResultTable {
  title: string;
  /** The formula actually used, stated with every output. */
  formula: string;
  columns: ResultColumn[];
  rows: Cell[][];
  /** Index of the overall row, which tables set apart. */
  overallRow?: number;
  /** Column whose value carries the partial-period flag, shown as "*" in tables. */
  partialColumn?: string;
  /** [row, column] of single cells that are partial, shown with "*" in tables. */
  marks?: [number, number][];
  /** Shade rate cells by value in colour tables, like a heatmap. */
  shade?: boolean;
  /** Draw each figure that is no rate or count on a chart of its own (a trend's sums, means and formula, each on its own scale). */
  chartEachFigure?: boolean;
  /** The period key of each row (null for rows that are no period), for --compare. */
  periodKeys?: (number | null)[];
  /** The figures whose change --compare tests, and the columns of each test's inputs (significance.ts). */
  tests?: ChangeTest[];
  /** The level a tested change is significant at (--alpha; default 0.05). */
  alpha?: number;
}


/**
 * One metric's running state, DuckDB-aggregate style: add() is called once
 * per row and must not keep the row object (it is reused); merge() combines
 * two partial states (of two files, or two halves of one) so that the result
 * is the same as one state over all the rows. Figures are computed from the
 * state by the metric's table function, never during add().
 */
export interface Accumulator<Row> {
  add(row: Row): void;
  merge(other: this): void;
  /** Rows that every filter but --since/--until let through (figures over the whole file). */
  observe?(row: Row): void;
  /**
   * Renumbers the customers of a state read apart from the others (a part of a
   * file, in a worker thread): local customer i becomes mapping[i]. States of
   * customers without it are read on one thread.
   */
  remapCustomers?(mapping: Int32Array): void;
  /**
   * merge() of such a state, its customer i being mapping[i] here: what
   * other.remapCustomers(mapping) then merge(other) give, in one pass and
   * without renumbered copies. Optional: the parts engine does those two
   * where it is missing.
   */
  mergeRenumbered?(other: this, mapping: Int32Array): void;
  /**
   * Puts in place what add held back to do many at once (see DailyActivity):
   * called before a state leaves its thread as data. Its own reads, merges
   * and renumbering call it themselves.
   */
  flushHeld?(): void;
}
