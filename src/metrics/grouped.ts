import type { Keyed } from '../schema/plans/row-plan.js';
import { BLANK_LABEL, NUMBER_LABEL } from '../schema/values.js';
import type { Accumulator } from './types.js';

// Splits rows by --group-by values (and by period, for metrics whose state
// is one per period) into one accumulator each. Groups sit in nested maps so
// that finding a row's group builds no key string. The overall figure is the
// merge of all groups, made once at the end instead of on every row.

export interface GroupKey {
  /** Sortable period number, or 0 when the groups are not per period. */
  period: number;
  values: string[];
}

/** How the labels of one --group-by sort where compareLabels is not their order (weekdays); undefined: compareLabels. */
export type LabelOrder = ((a: string, b: string) => number) | undefined;

export interface Group<A> {
  key: GroupKey;
  state: A;
}

type Level<A> = Map<string, Level<A> | Group<A>>;

/** Slots of Grouped's recent pairs (a power of two): 64 thrashed on two years of months by 5 platforms. */
const RECENT = 512;

export class Grouped<Row extends Keyed, A extends Accumulator<Row>> implements Accumulator<Row> {
  private readonly periods = new Map<number, Level<A> | Group<A>>();
  private readonly all: Group<A>[] = [];
  /** The overall state when rows are in several groups each (Keyed.overlaps): every row once. */
  private whole: A | undefined;
  /** The one state of rows in no group and no period: add's lookup of it was a map's, row by row. */
  #only: A | undefined;

  constructor(
    readonly create: () => A,
    private readonly depth: number,
    /** One state per period too (rate, surveys), or periods kept inside each state (event metrics). */
    private readonly byPeriod: boolean,
    /** How the labels of a depth sort where not as compareLabels does (weekdays in the week's order). */
    private readonly orders: readonly LabelOrder[] = [],
  ) {}

  add(row: Row): void {
    const { overlaps } = row;
    if (overlaps === undefined) {
      if (this.depth === 0 && !this.byPeriod) (this.#only ??= this.get(0, row.groups)).add(row);
      else this.get(this.byPeriod ? row.period : 0, row.groups).add(row);
      return;
    }
    (this.whole ??= this.create()).add(row);
    const shown = row.groups;
    for (const groups of overlaps) {
      row.groups = groups;
      this.get(this.byPeriod ? row.period : 0, groups).add(row);
    }
    row.groups = shown;
  }

  /**
   * Recent (period, first value) pairs and their states, where there is one
   * --group-by or none: looked up row by row, the two maps were 3 % of
   * reading the posts by platform and month. A slot is picked from the
   * period and the label's length and last character; a pair that is not
   * there is looked up in the maps and takes the slot.
   */
  private readonly recentPeriods = new Float64Array(RECENT).fill(Number.NaN);
  private readonly recentValues: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
  private readonly recentStates: (A | undefined)[] = new Array<A | undefined>(RECENT).fill(undefined);

  /** The accumulator of a period and group values (values.length === depth). */
  get(period: number, values: readonly string[]): A {
    if (this.depth > 1) return this.lookup(period, values);
    const value = this.depth === 1 ? values[0] : '';
    const slot = (period * 17 + value.length * 5 + (value.length > 0 ? value.charCodeAt(value.length - 1) : 0)) & (RECENT - 1);
    if (this.recentPeriods[slot] === period && this.recentValues[slot] === value) return this.recentStates[slot]!;
    const state = this.lookup(period, values);
    this.recentPeriods[slot] = period;
    this.recentValues[slot] = value;
    this.recentStates[slot] = state;
    return state;
  }

  private lookup(period: number, values: readonly string[]): A {
    let node = this.periods.get(period);
    if (node === undefined) {
      node = this.depth === 0 ? this.newGroup(period, values) : new Map();
      this.periods.set(period, node);
    }
    for (let i = 0; i < this.depth; i++) {
      const level = node as Level<A>;
      let next = level.get(values[i]);
      if (next === undefined) {
        next = i === this.depth - 1 ? this.newGroup(period, values) : new Map();
        level.set(values[i], next);
      }
      node = next;
    }
    return (node as Group<A>).state;
  }

  private newGroup(period: number, values: readonly string[]): Group<A> {
    const group = { key: { period, values: [...values] }, state: this.create() };
    this.all.push(group);
    return group;
  }

  /** Renumbers customers in every group, when the groups' states can (see Accumulator). */
  get remapCustomers(): ((mapping: Int32Array) => void) | undefined {
    if (this.create().remapCustomers === undefined) return undefined;
    return (mapping) => {
      for (const group of this.all) group.state.remapCustomers!(mapping);
      this.whole?.remapCustomers!(mapping);
    };
  }

  /** Merges another part's groups into these, renumbered on the way, when the groups' states can (see Accumulator). */
  get mergeRenumbered(): ((other: Grouped<Row, A>, mapping: Int32Array) => void) | undefined {
    if (this.create().mergeRenumbered === undefined) return undefined;
    return (other, mapping) => this.mergeEach(other, (mine, theirs) => mine.mergeRenumbered!(theirs, mapping));
  }

  merge(other: Grouped<Row, A>): void {
    this.mergeEach(other, (mine, theirs) => mine.merge(theirs));
  }

  /** Each of another Grouped's states joined into this one's of the same key (made when there is none). */
  private mergeEach(other: Grouped<Row, A>, join: (mine: A, theirs: A) => void): void {
    for (const group of other.all) join(this.get(group.key.period, group.key.values), group.state);
    if (other.whole !== undefined) join((this.whole ??= this.create()), other.whole);
  }

  /** Groups sorted by period, then by their values; deterministic output. */
  sorted(): Group<A>[] {
    return [...this.all].sort((a, b) => compareKeys(a.key, b.key, this.orders));
  }

  /** Every row once, where rows were in several groups each (behavioural segments overlap); else undefined. */
  get exact(): A | undefined {
    return this.whole;
  }

  overall(): A {
    if (this.whole !== undefined) return this.whole;
    // One group is its own total: no copy of its state.
    if (this.all.length === 1) return this.all[0].state;
    const total = this.create();
    for (const group of this.sorted()) total.merge(group.state);
    return total;
  }
}

function compareKeys(a: GroupKey, b: GroupKey, orders: readonly LabelOrder[]): number {
  if (a.period !== b.period) return a.period - b.period;
  for (let i = 0; i < a.values.length; i++) {
    const order = (orders[i] ?? compareLabels)(a.values[i], b.values[i]);
    if (order !== 0) return order;
  }
  return 0;
}


/** Where a kind of label sorts: a blank, a number, any other text. */
function labelRank(label: string): number {
  return label === BLANK_LABEL ? 0 : NUMBER_LABEL.test(label) ? 1 : 2;
}

/**
 * Blanks first, then numbers, as numbers (2 before 10), then any other
 * label by its characters. A total order, so that the SQL forms sort the
 * same way: comparing numbers as numbers only when both labels are would
 * order "9" < "10" < "1a" < "9" in a circle.
 */
export function compareLabels(a: string, b: string): number {
  if (a === b) return 0;
  const rank = labelRank(a) - labelRank(b);
  if (rank !== 0) return rank;
  if (NUMBER_LABEL.test(a)) {
    const difference = Number(a) - Number(b);
    if (difference !== 0) return difference;
  }
  return a < b ? -1 : 1;
}

export { NUMBER_LABEL };
