// Customer and order ids are strings in real exports; each distinct one gets
// a dense integer once, so per-customer state lives in typed arrays.
//
// Ids shaped like a fixed prefix and a number ("17850", "cu24871", "o981")
// are looked up by their number in a typed array; any other id (UUIDs,
// hashes, e-mails) goes to an open-addressing string table. "cu7" and "cu007" stay distinct: digits with a leading zero take
// the map path.

import { StringTable } from './string-table.js';

const DENSE_LIMIT = 1 << 24;
const DIGIT_0 = 48;

export class Interner {
  /** Ids not of the prefix-and-number shape, and the dense index each was given. */
  private readonly others = new StringTable();
  private otherIndex = new Int32Array(1024);
  private readonly numbers = new Map<number, number>();
  /** Index + 1 of the id with each number; 0 when unseen. */
  private dense = new Int32Array(1024);
  private prefix: string | undefined;
  /** Each index's id: its number (after the prefix) or its text; kept for ids' lists. */
  private readonly byIndex: (number | string)[] = [];
  size = 0;

  intern(id: string): number {
    const number = this.numberOf(id);
    if (number < 0) return this.viaMap(id);
    if (number < DENSE_LIMIT) {
      if (number >= this.dense.length) this.growDense(number);
      const known = this.dense[number];
      if (known !== 0) return known - 1;
      this.dense[number] = this.size + 1;
      this.byIndex.push(number);
      return this.size++;
    }
    let index = this.numbers.get(number);
    if (index === undefined) {
      index = this.size++;
      this.numbers.set(number, index);
      this.byIndex.push(number);
    }
    return index;
  }

  /** Every id, by index: what another interner needs to give the same customers its own numbers. */
  ids(): string[] {
    return this.byIndex.map((id) => (typeof id === 'number' ? `${this.prefix}${id}` : id));
  }

  private viaMap(id: string): number {
    const before = this.others.size;
    const other = this.others.intern(id);
    if (other < before) return this.otherIndex[other];
    if (other >= this.otherIndex.length) {
      const grown = new Int32Array(this.otherIndex.length * 2);
      grown.set(this.otherIndex);
      this.otherIndex = grown;
    }
    this.otherIndex[other] = this.size;
    this.byIndex.push(this.others.keys[other]);
    return this.size++;
  }

  /** The number after the common prefix, or −1 when the id is not of that shape. */
  private numberOf(id: string): number {
    const length = id.length;
    let start = length;
    while (start > 0) {
      const code = id.charCodeAt(start - 1);
      if (code < DIGIT_0 || code > DIGIT_0 + 9) break;
      start--;
    }
    const digits = length - start;
    if (digits === 0 || digits > 15 || (digits > 1 && id.charCodeAt(start) === DIGIT_0)) return -1;
    if (this.prefix === undefined) this.prefix = id.slice(0, start);
    if (start !== this.prefix.length || (start > 0 && !id.startsWith(this.prefix))) return -1;
    let value = 0;
    for (let i = start; i < length; i++) value = value * 10 + (id.charCodeAt(i) - DIGIT_0);
    return value;
  }

  private growDense(number: number): void {
    let size = this.dense.length;
    while (size <= number) size *= 2;
    const grown = new Int32Array(Math.min(size, DENSE_LIMIT));
    grown.set(this.dense);
    this.dense = grown;
  }
}

