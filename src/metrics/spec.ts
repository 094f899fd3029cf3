import type { z } from 'zod';
import type { RowKind } from '../schema/row-kinds.js';
import type { MetricJob } from './job.js';
import type { Cell, ResultTable } from './types.js';
import type { SqlContext } from '../sql/sql-context.js';

/** A table made from an SQL result: `explained` lists the partial periods whose notes say why already. */
export interface SqlTable {
  table: ResultTable;
  notes: string[];
  explained?: string[];
}

export type { RowKind };

// A metric is one spec: what it is called and how it is explained, which row
// kind feeds it, its options (one zod schema whose fields carry their flags),
// and how to build its job. The registry lists the specs; the CLI, `engage
// report`, `report --init`, `engage columns` and the library API are built
// from that list.

export interface MetricSpec<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** One line, for the command list. */
  summary: string;
  /** A sentence or two, at the top of --help. */
  description: string;
  /** Command lines that run on the bundled fixtures, shown first in --help. */
  examples: string;
  /** The formulas and rules, shown last in --help. */
  details: string;
  /** Which row plan reads the input: social posts, customer events, survey answers or an experiment's users. */
  rows: RowKind;
  /** The row kind these options read, when they choose another than `rows` (an experiment from an event log). */
  rowsFor?(options: z.output<S>): RowKind;
  options: S;
  /** Flags other metrics take that this one does not, with the reason, said instead of "unknown option". */
  refuses?: Record<string, string>;
  create(options: z.output<S>): MetricJob;
  /** The same definition as one SQL statement over a table (engage sql); undefined: no SQL form yet. */
  sql?(options: z.output<S>, context: SqlContext): string;
  /**
   * The table of a run through an SQL engine, from its result (column names and
   * rows) and the table the streaming engine makes of the file's header alone.
   * Only metrics whose columns depend on the data need one (retention's offsets),
   * or whose SQL computes the input of a model fitted in engage (clv).
   */
  tableFromSql?(skeleton: ResultTable, names: string[], rows: Cell[][], options: z.output<S>): SqlTable;
  /**
   * The --max-offset a statement needs when its result says the data reaches past its columns
   * (retention by day over a year): the SQL engines then run it again with that many.
   */
  sqlOffsetsNeeded?(names: string[], rows: Cell[][], options: z.output<S>): number | undefined;
  /** Tables the SQL form reads beside its own (engage growth --posts): the option, their row kind, and the files (or, with --db, the table) it names. */
  companionTables?(options: z.output<S>): { option: string; rows: RowKind; source: string }[];
  /**
   * Why these options need the time of day the SQL form cannot tell from a date alone (rate's
   * @hour), if they do: the file engines refuse a file whose times are dates alone, saying this.
   */
  sqlNeedsTimeOfDay?(options: z.output<S>): string | undefined;
  /** The file's columns, beyond its row kind's, that the SQL form reads as amounts (trend's sum:COL): typed as engage reads an amount. */
  amountColumns?(options: z.output<S>): string[];
  /** Why `engage sql` prints no statement though the SQL engines use `sql` (it computes a model's input, not the table). */
  sqlIsModelInput?: string;
  /** What `engage report --init` proposes for a file of this metric's row kind, if anything. */
  starter?(sample: StarterSample): StarterReport<z.input<S>> | undefined;
}

/** The first rows of a file, with its headers read as the metric's row kind. */
export interface StarterSample {
  /** Whether the file has all these canonical columns. */
  has(...columns: string[]): boolean;
  /** The sampled cells of a canonical column (empty when the file lacks it). */
  values(column: string): unknown[];
  /** The file's header for a canonical column. */
  header(column: string): string | undefined;
}

export interface StarterReport<Options> {
  options: Options;
  /** Why this report, as a // comment above it. */
  comment: string;
  /** A check that cannot fail, to show where checks go. */
  failIf?: string;
  /** What the file is, when more is known than its row kind ("subscription events"). */
  kind?: string;
}

/** What a metric's options allow, read off its schema (a field it lacks is a flag it does not take). */
export interface Supports {
  period: boolean;
  compare: boolean;
  groupBy: boolean;
}

export function supportsOf(spec: MetricSpec): Supports {
  const shape = spec.options.shape;
  return { period: 'period' in shape, compare: 'compare' in shape, groupBy: 'groupBy' in shape };
}

/** Checks a spec's types where it is written; the registry holds them as MetricSpec. */
export function defineMetric<S extends z.ZodObject>(spec: MetricSpec<S>): MetricSpec {
  return spec as unknown as MetricSpec;
}

/** The row kind a metric reads with these options: the SQL engines resolve and name their table by it. */
export function rowKindOf(spec: MetricSpec, options: unknown): RowKind {
  return spec.rowsFor?.(options as never) ?? spec.rows;
}
