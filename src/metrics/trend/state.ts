import { bitsetAt, remapEach, unionByKey, type Bitset } from '../../kernels/bitset.js';
import { CompensatedSum } from '../../kernels/float-list.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';
import type { SeriesKind } from './series.js';

// The figures of a trend's series, per period: rows counted, customers (a
// bitset), and the exact sum of a column with the number of rows that had a
// value. A period's figures of series s sit under one number, period·64 + s,
// so that the state is a few flat maps (and crosses threads as any other).

/** A series as the state counts it: which rows, what of them, and the measure it reads (an index of EventInput.measures). */
export interface CountedSeries {
  event: string | undefined;
  kind: SeriesKind;
  measure: number;
}

export const MAX_SERIES = 64;

export class TrendState implements Accumulator<EventInput> {
  readonly rows = new Map<number, number>();
  readonly valued = new Map<number, number>();
  readonly sums = new Map<number, CompensatedSum>();
  readonly customers = new Map<number, Bitset>();
  /** The first and the last period of a row counted (empty: first > last). */
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;

  constructor(readonly series: readonly CountedSeries[]) {}

  add(row: EventInput): void {
    if (row.period < this.first) this.first = row.period;
    if (row.period > this.last) this.last = row.period;
    const base = row.period * MAX_SERIES;
    for (let s = 0; s < this.series.length; s++) {
      const { event, kind, measure } = this.series[s];
      if (event !== undefined && event !== row.event) continue;
      const key = base + s;
      if (kind === 'events') this.rows.set(key, (this.rows.get(key) ?? 0) + 1);
      else if (kind === 'customers') bitsetAt(this.customers, key).add(row.customer);
      else {
        const value = row.measures[measure];
        // A blank cell adds nothing to a sum and is not among a mean's values.
        if (value !== value) continue;
        let sum = this.sums.get(key);
        if (sum === undefined) this.sums.set(key, (sum = new CompensatedSum()));
        sum.add(value);
        this.valued.set(key, (this.valued.get(key) ?? 0) + 1);
      }
    }
  }

  merge(other: TrendState): void {
    this.first = Math.min(this.first, other.first);
    this.last = Math.max(this.last, other.last);
    for (const [key, n] of other.rows) this.rows.set(key, (this.rows.get(key) ?? 0) + n);
    for (const [key, n] of other.valued) this.valued.set(key, (this.valued.get(key) ?? 0) + n);
    for (const [key, theirs] of other.sums) {
      let mine = this.sums.get(key);
      if (mine === undefined) this.sums.set(key, (mine = new CompensatedSum()));
      mine.merge(theirs);
    }
    unionByKey(this.customers, other.customers);
  }

  remapCustomers(mapping: Int32Array): void {
    remapEach(this.customers, mapping);
  }

  /** Series s's value in a period: a count, the sum (0 without rows), or the mean (null without values). */
  value(period: number, s: number): number | null {
    const key = period * MAX_SERIES + s;
    switch (this.series[s].kind) {
      case 'events':
        return this.rows.get(key) ?? 0;
      case 'customers':
        return this.customers.get(key)?.count() ?? 0;
      case 'sum':
        return this.sums.get(key)?.value() ?? 0;
      case 'mean': {
        const n = this.valued.get(key) ?? 0;
        return n === 0 ? null : this.sums.get(key)!.value() / n;
      }
    }
  }
}
