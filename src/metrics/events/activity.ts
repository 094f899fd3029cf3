import { bitsetAt, remapEach, unionByKey, type Bitset } from '../../kernels/bitset.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';

// Who was active in which period, and when each customer was first active:
// the state behind churn, retention and lifecycle. A period's active
// customers are a bitset (customers / 8 bytes); first periods a typed array.

export type EventTest = (event: string) => boolean;
const always: EventTest = () => true;

/** A customer's first period before any event; period keys are small integers. */
export const NO_FIRST = 0x7fffffff;
/** A customer's last period before any event. */
export const NO_LAST = -0x80000000;

export class Activity implements Accumulator<EventInput> {
  readonly active = new Map<number, Bitset>();
  /** First period of each customer, NO_FIRST before any event (32-bit: half the cache misses of doubles). */
  first: Int32Array = new Int32Array(0);
  /** Last period of each customer, NO_LAST before any event. */
  last: Int32Array = new Int32Array(0);
  /** The bitset of the period last added to: consecutive rows are mostly of one period. */
  private lastPeriod = Number.NaN;
  private lastSet: Bitset | undefined;

  /** `starts`: events that can make a customer's first period; `counts`: events that count as activity. */
  constructor(
    private readonly starts: EventTest = always,
    protected readonly counts: EventTest = always,
  ) {}

  add(row: EventInput): void {
    if (this.starts(row.event)) {
      this.reserve(row.customer);
      if (row.period < this.first[row.customer]) this.first[row.customer] = row.period;
    }
    if (!this.counts(row.event)) return;
    this.reserve(row.customer);
    if (row.period > this.last[row.customer]) this.last[row.customer] = row.period;
    const set = row.period === this.lastPeriod ? this.lastSet! : bitsetAt(this.active, row.period);
    this.lastPeriod = row.period;
    this.lastSet = set;
    set.add(row.customer);
  }

  private reserve(customer: number): void {
    if (customer < this.first.length) return;
    const size = Math.max(1024, this.first.length * 2, customer + 1);
    this.first = grow(this.first, size, NO_FIRST);
    this.last = grow(this.last, size, NO_LAST);
  }

  merge(other: Activity): void {
    unionByKey(this.active, other.active);
    this.reserve(other.first.length - 1);
    for (let i = 0; i < other.first.length; i++) {
      if (other.first[i] < this.first[i]) this.first[i] = other.first[i];
      if (other.last[i] > this.last[i]) this.last[i] = other.last[i];
    }
  }

  remapCustomers(mapping: Int32Array): void {
    let size = 0;
    for (let c = 0; c < this.first.length; c++) if (c < mapping.length && mapping[c] + 1 > size) size = mapping[c] + 1;
    const first = new Int32Array(size).fill(NO_FIRST);
    const last = new Int32Array(size).fill(NO_LAST);
    for (let c = 0; c < Math.min(this.first.length, mapping.length); c++) {
      first[mapping[c]] = this.first[c];
      last[mapping[c]] = this.last[c];
    }
    this.first = first;
    this.last = last;
    remapEach(this.active, mapping);
    this.lastPeriod = Number.NaN;
    this.lastSet = undefined;
  }

  /** Customers whose first period is each key. */
  firstCounts(): Map<number, number> {
    const { first } = this;
    let [least, most] = [Infinity, -Infinity];
    for (let c = 0; c < first.length; c++) {
      const period = first[c];
      if (period === NO_FIRST) continue;
      if (period < least) least = period;
      if (period > most) most = period;
    }
    const counts = new Map<number, number>();
    if (least > most) return counts;
    // Keys are periods (days at the finest: some thousands apart in a real log): counted in an array, not a map's get and set per customer.
    const byKey = new Int32Array(most - least + 1);
    for (let c = 0; c < first.length; c++) if (first[c] !== NO_FIRST) byKey[first[c] - least]++;
    for (let k = 0; k < byKey.length; k++) if (byKey[k] > 0) counts.set(least + k, byKey[k]);
    return counts;
  }
}

function grow(values: Int32Array, size: number, fill: number): Int32Array {
  const grown = new Int32Array(size).fill(fill);
  grown.set(values);
  return grown;
}
