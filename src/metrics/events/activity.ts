import { Bitset } from '../../kernels/bitset.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';

// Who was active in which period, and when each customer was first active:
// the state behind churn, retention and lifecycle. A period's active
// customers are a bitset (customers / 8 bytes); first periods a typed array.

export type EventTest = (event: string) => boolean;
const always: EventTest = () => true;

export class Activity implements Accumulator<EventInput> {
  readonly active = new Map<number, Bitset>();
  /** First period of each customer, +Infinity before any event. */
  first: Float64Array = new Float64Array(0);
  /** Last period of each customer, −Infinity before any event. */
  last: Float64Array = new Float64Array(0);

  /** `starts`: events that can make a customer's first period; `counts`: events that count as activity. */
  constructor(
    private readonly starts: EventTest = always,
    private readonly counts: EventTest = always,
  ) {}

  add(row: EventInput): void {
    if (this.starts(row.event)) {
      this.reserve(row.customer);
      if (row.period < this.first[row.customer]) this.first[row.customer] = row.period;
    }
    if (!this.counts(row.event)) return;
    this.reserve(row.customer);
    if (row.period > this.last[row.customer]) this.last[row.customer] = row.period;
    let set = this.active.get(row.period);
    if (set === undefined) {
      set = new Bitset();
      this.active.set(row.period, set);
    }
    set.add(row.customer);
  }

  private reserve(customer: number): void {
    if (customer < this.first.length) return;
    const size = Math.max(1024, this.first.length * 2, customer + 1);
    this.first = grow(this.first, size, Number.POSITIVE_INFINITY);
    this.last = grow(this.last, size, Number.NEGATIVE_INFINITY);
  }

  merge(other: Activity): void {
    for (const [period, theirs] of other.active) {
      const mine = this.active.get(period);
      if (mine) mine.or(theirs);
      else {
        const copy = new Bitset();
        copy.or(theirs);
        this.active.set(period, copy);
      }
    }
    this.reserve(other.first.length - 1);
    for (let i = 0; i < other.first.length; i++) {
      if (other.first[i] < this.first[i]) this.first[i] = other.first[i];
      if (other.last[i] > this.last[i]) this.last[i] = other.last[i];
    }
  }

  /** Customers whose first period is each key. */
  firstCounts(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const period of this.first) {
      if (period !== Number.POSITIVE_INFINITY) counts.set(period, (counts.get(period) ?? 0) + 1);
    }
    return counts;
  }
}

function grow(values: Float64Array, size: number, fill: number): Float64Array {
  const grown = new Float64Array(size).fill(fill);
  grown.set(values);
  return grown;
}
