// The neutral result every metric produces and every formatter renders.

/** count: whole numbers; rate: a fraction (0.0344); number: any other figure; period: a period label. */
/**
 * score: a figure on its own scale (NPS, a mean answer), compared by difference;
 * points: a difference of two rates (0.012 = 1.2 percentage points); change: a relative change (0.1 = +10%).
 */
export type ColumnType = 'text' | 'count' | 'rate' | 'number' | 'score' | 'period' | 'flag' | 'timestamp' | 'points' | 'change';

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
  /** The period key of each row (null for rows that are no period), for --compare. */
  periodKeys?: (number | null)[];
}

/**
 * One metric's running state. add() is called once per valid row and must not
 * keep the row object (it is reused); merge() combines partial states so that
 * several files or chunks give the same answer as one.
 */
export interface Accumulator<Row, Result> {
  add(row: Row): void;
  merge(other: this): void;
  result(): Result;
}
