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

/** A held row's roles: it can start the customer's first period; it counts as activity. */
const START = 1;
const COUNT = 2;
/** Rows Activity holds before it puts them in place (48 KB: they stay in the core's cache). */
const HELD_ROWS = 4096;

export class Activity implements Accumulator<EventInput> {
  /** Each period's active customers; read through `active`, which puts the held rows in first. Fields, so that they cross threads (state-transfer.ts). */
  private readonly sets = new Map<number, Bitset>();
  /** First period of each customer, NO_FIRST before any event (32-bit: half the cache misses of doubles); read through `first`. */
  private firsts: Int32Array = new Int32Array(0);
  /** Last period of each customer, NO_LAST before any event; read through `last`. */
  private lasts: Int32Array = new Int32Array(0);
  /** The bitset of the period last added to: consecutive rows are mostly of one period. */
  private lastPeriod = Number.NaN;
  private lastSet: Bitset | undefined;
  /**
   * Rows not put in place yet: customer, period and role (START, COUNT) side
   * by side. A row's customer is a cache miss in each of `firsts` and
   * `lasts` (4 MB each over a million customers), and with a row's reading
   * between two of them the core waited on each alone; a few thousand at a
   * time, in a loop of nothing else, the misses overlap (as DailyActivity's).
   */
  #held = new Int32Array(3 * HELD_ROWS);
  #heldCount = 0;

  /** `starts`: events that can make a customer's first period; `counts`: events that count as activity. */
  constructor(
    private readonly starts: EventTest = always,
    protected readonly counts: EventTest = always,
  ) {}

  /** Each period's active customers, every row in them. */
  get active(): ReadonlyMap<number, Bitset> {
    this.flushHeld();
    return this.sets;
  }

  /** Each customer's first period (NO_FIRST: none), every row in them. */
  get first(): Int32Array {
    this.flushHeld();
    return this.firsts;
  }

  /** Each customer's last period (NO_LAST: none), every row in them. */
  get last(): Int32Array {
    this.flushHeld();
    return this.lasts;
  }

  add(row: EventInput): void {
    const role = (this.starts(row.event) ? START : 0) | (this.counts(row.event) ? COUNT : 0);
    if (role === 0) return;
    const at = this.#heldCount;
    const held = this.#held;
    held[at] = row.customer;
    held[at + 1] = row.period;
    held[at + 2] = role;
    this.#heldCount = at + 3;
    if (at + 3 === held.length) this.flushHeld();
  }

  /** The held rows put in place: before the state is read, moved, merged or renumbered. */
  flushHeld(): void {
    const [held, count] = [this.#held, this.#heldCount];
    this.#heldCount = 0;
    for (let i = 0; i < count; i += 3) {
      const [customer, period, role] = [held[i], held[i + 1], held[i + 2]];
      this.reserve(customer);
      if ((role & START) !== 0 && period < this.firsts[customer]) this.firsts[customer] = period;
      if ((role & COUNT) === 0) continue;
      if (period > this.lasts[customer]) this.lasts[customer] = period;
      const set = period === this.lastPeriod ? this.lastSet! : bitsetAt(this.sets, period);
      this.lastPeriod = period;
      this.lastSet = set;
      set.add(customer);
    }
  }

  private reserve(customer: number): void {
    if (customer < this.firsts.length) return;
    const size = Math.max(1024, this.firsts.length * 2, customer + 1);
    this.firsts = grow(this.firsts, size, NO_FIRST);
    this.lasts = grow(this.lasts, size, NO_LAST);
  }

  merge(other: Activity): void {
    this.flushHeld();
    const [first, last] = [other.first, other.last];
    unionByKey(this.sets, other.active);
    this.reserve(first.length - 1);
    for (let i = 0; i < first.length; i++) {
      if (first[i] < this.firsts[i]) this.firsts[i] = first[i];
      if (last[i] > this.lasts[i]) this.lasts[i] = last[i];
    }
  }

  /**
   * merge(other) of a part whose customer c is mapping[c] here, in one pass:
   * renumbered first (remapCustomers), a part's sets were each walked twice
   * and copied, and its first and last periods copied, before the merge
   * walked them again (GA4's export: 15–20 ms of the run's end, the other
   * core idle).
   */
  mergeRenumbered(other: Activity, mapping: Int32Array): void {
    this.flushHeld();
    const [first, last] = [other.first, other.last];
    const count = Math.min(first.length, mapping.length);
    let largest = -1;
    for (let c = 0; c < count; c++) if (mapping[c] > largest) largest = mapping[c];
    this.reserve(largest);
    const [firsts, lasts] = [this.firsts, this.lasts];
    for (let c = 0; c < count; c++) {
      const mine = mapping[c];
      if (first[c] < firsts[mine]) firsts[mine] = first[c];
      if (last[c] > lasts[mine]) lasts[mine] = last[c];
    }
    for (const [key, set] of other.active) bitsetAt(this.sets, key).orRenumbered(set, mapping, largest);
  }

  remapCustomers(mapping: Int32Array): void {
    this.flushHeld();
    let size = 0;
    for (let c = 0; c < this.firsts.length; c++) if (c < mapping.length && mapping[c] + 1 > size) size = mapping[c] + 1;
    const first = new Int32Array(size).fill(NO_FIRST);
    const last = new Int32Array(size).fill(NO_LAST);
    for (let c = 0; c < Math.min(this.firsts.length, mapping.length); c++) {
      first[mapping[c]] = this.firsts[c];
      last[mapping[c]] = this.lasts[c];
    }
    this.firsts = first;
    this.lasts = last;
    remapEach(this.sets, mapping);
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
