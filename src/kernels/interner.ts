// Customer and order ids are strings in real exports; each distinct one gets
// a dense integer once, so per-customer state lives in typed arrays.
//
// Ids shaped like a fixed prefix and a number ("17850", "cu24871", "o981")
// are looked up by their number in a typed array; any other id (hashes,
// e-mails, UUIDs in another spelling) goes to a table of their UTF-8 bytes. "cu7" and "cu007"
// stay distinct: digits with a leading zero take the table. Canonical
// lower-case UUIDs have a table of their own that holds them as 128 bits
// (uuid-table.ts), and so do ids of two numbers joined by a dot, as GA4
// writes its client ids ("1007261723.1700000917"): looked up by their two
// numbers, one cache miss a row instead of the byte table's two. An id may
// come as text or as bytes (from the CSV scanner): either way it gets one
// index.

import { ByteTable } from './byte-table.js';
import { UUID_LENGTH, UuidTable } from './uuid-table.js';
import { writtenInt32 } from './written-zeros.js';

const DENSE_LIMIT = 1 << 24;
/** byIndex of UUID key k is −(UUID_BASE + k + 1): below every key of the table of bytes (fewer than 2³¹). */
const UUID_BASE = 2 ** 40;
/** byIndex of pair key k is −(PAIR_BASE + k + 1): below every UUID's. */
const PAIR_BASE = 2 ** 42;
/** The longest pair id: two numbers of ten digits and a dot. */
const PAIR_MAX_LENGTH = 21;
/** Each number of a pair id is below this: it is held as a 32-bit word. */
const PAIR_NUMBER_LIMIT = 2 ** 32;
const DIGIT_0 = 48;
const DASH = 45;
const DOT = 46;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Ids in index order as one block of UTF-8 bytes and where each ends: how a
 * part's customers travel. A canonical UUID travels as its 128 bits instead
 * (no bytes of its own in the block): writing 36 digits and parsing them
 * back was most of handing a million UUIDs from one thread to another.
 */
export interface IdBlock {
  bytes: Uint8Array;
  ends: Int32Array;
  /** The indexes of the ids that are UUIDs, ascending. */
  uuidIds: Int32Array;
  /** Their bits, four words each, in the same order. */
  uuidWords: Int32Array;
  /** The indexes of the ids that are pair ids, ascending, and their two numbers each: no digits written and read again. */
  pairIds: Int32Array;
  pairWords: Int32Array;
  /** The prefix the numbered ids have (undefined: there are none), and each id's number after it (−1: not numbered), which is all the block holds of them. */
  prefix: string | undefined;
  numbers: Float64Array;
}

export class Interner {
  /** Ids not of the prefix-and-number shape. */
  private readonly others = new ByteTable();
  /** The dense index of each key of `others`. */
  private otherIndex = new Int32Array(1024);
  private othersSeen = 0;
  /** Canonical UUIDs, each with its index here. */
  private readonly uuids = new UuidTable();
  /** Pair ids ("1007261723.1700000917") as the words [first number, second number, 0, 0], each with its index here. */
  private readonly pairs = new UuidTable();
  /** The pair id being looked up or written, as those words. */
  private readonly pairWords = new Int32Array(4);
  private readonly numbers = new Map<number, number>();
  /** Index + 1 of the id with each number; 0 when unseen. */
  private dense = new Int32Array(1024);
  private prefix: string | undefined;
  private prefixBytes: Uint8Array | undefined;
  /** The first number of the pair ids the prefix numbers (the prefix is that number and a dot), else −1. */
  private pairPrefix = -1;
  /** Each index's id: its number after the prefix (≥ 0), or −(key + 1) in `others`. */
  private byIndex = new Float64Array(1024);
  size = 0;

  intern(id: string): number {
    const number = this.numberOf(id);
    if (number >= 0) return this.numbered(number);
    // UUIDs and pair ids have tables of their own, which take bytes: as text they must land there too.
    if (id.length === UUID_LENGTH || (id.length <= PAIR_MAX_LENGTH && id.includes('.'))) {
      const bytes = encoder.encode(id);
      return this.unnumbered(bytes, 0, bytes.length);
    }
    return this.other(this.others.internText(id));
  }

  /** The index of the id written by `bytes[from, to)` in UTF-8. */
  internBytes(bytes: Uint8Array, from: number, to: number): number {
    const number = this.numberOfBytes(bytes, from, to);
    // Kept as small as it was before UUIDs had a table: it is inlined into every reader's loop.
    return number < 0 ? this.unnumbered(bytes, from, to) : this.numbered(number);
  }

  /** Sum of the slots warmBytes read: kept, so that no compiler drops the reads. */
  private warmth = 0;
  private warmSlots = new Int32Array(0);

  /**
   * Reads the slots internBytes will read for these ids of the prefix and a
   * number (others are left: a wrong guess reads another slot), changing
   * nothing: the numbers first, then the slots in a loop of a few
   * instructions, so that their cache misses overlap (CellBytes.warm).
   */
  warmBytes(bytes: Uint8Array, from: Int32Array, to: Int32Array, count: number): void {
    const prefix = this.prefixBytes;
    if (prefix === undefined) return;
    if (this.warmSlots.length < count) this.warmSlots = new Int32Array(count);
    const slots = this.warmSlots;
    const dense = this.dense;
    const length = prefix.length;
    let n = 0;
    for (let k = 0; k < count; k++) {
      const start = from[k] + length;
      const end = to[k];
      // Dense numbers are below DENSE_LIMIT (2²⁴, 8 digits): more digits are not looked up there.
      if (end - start < 1 || end - start > 8) continue;
      let value = 0;
      for (let i = start; i < end; i++) value = value * 10 + (bytes[i] - DIGIT_0);
      if (value >= 0 && value < dense.length) slots[n++] = value;
    }
    let warmth = this.warmth;
    for (let k = 0; k < n; k++) warmth ^= dense[slots[k]];
    this.warmth = warmth;
  }

  /** An id not of the prefix-and-number shape: a UUID's table or the pairs', else the table of bytes. */
  private unnumbered(bytes: Uint8Array, from: number, to: number): number {
    const length = to - from;
    if (length === UUID_LENGTH) {
      const uuid = this.uuids.intern(bytes, from, this.size);
      if (uuid >= 0) return this.fromTable(uuid, this.uuids, UUID_BASE);
    } else if (this.pairOf(bytes, from, to)) return this.fromTable(this.pairs.internWords(this.pairWords, 0, this.size), this.pairs, PAIR_BASE);
    return this.other(this.others.intern(bytes, from, to));
  }

  /**
   * Whether bytes[from, to) are a pair id: two numbers below 2³², each in
   * plain digits (no leading zero but a lone 0, so that each id has one
   * spelling), joined by a dot. If so, they are this.pairWords[0] and [1].
   */
  private pairOf(bytes: Uint8Array, from: number, to: number): boolean {
    if (to - from > PAIR_MAX_LENGTH) return false;
    const dot = numberEnd(bytes, from, to);
    if (dot === from || dot >= to || bytes[dot] !== DOT) return false;
    const end = numberEnd(bytes, dot + 1, to);
    if (end !== to || end === dot + 1) return false;
    const first = pairNumber(bytes, from, dot);
    const second = pairNumber(bytes, dot + 1, end);
    if (first < 0 || second < 0) return false;
    this.pairWords[0] = first | 0;
    this.pairWords[1] = second | 0;
    return true;
  }

  /** Id `index` as text. */
  idOf(index: number): string {
    const id = this.byIndex[index];
    if (id >= 0) return `${this.prefix}${id}`;
    if (id > -UUID_BASE) return this.others.text(-id - 1);
    if (id <= -PAIR_BASE) {
      const [first, second] = this.pairNumbers(-id - 1 - PAIR_BASE);
      return `${first}.${second}`;
    }
    const bytes = new Uint8Array(UUID_LENGTH);
    this.uuids.write(-id - 1 - UUID_BASE, bytes, 0);
    return decoder.decode(bytes);
  }

  /** Every id, by index. */
  ids(): string[] {
    return Array.from({ length: this.size }, (_, index) => this.idOf(index));
  }

  /** Every id, by index, as bytes (a UUID as its bits): what another interner needs to give the same customers its own numbers. */
  export(): IdBlock {
    const ends = new Int32Array(this.size);
    const uuidIds = new Int32Array(this.uuids.size);
    const uuidWords = new Int32Array(4 * this.uuids.size);
    const pairIds = new Int32Array(this.pairs.size);
    const pairWords = new Int32Array(2 * this.pairs.size);
    const numbers = new Float64Array(this.size).fill(-1);
    let [uuids, pairs] = [0, 0];
    // Only the ids of no other shape travel as bytes: numbered ones, UUIDs and pairs go as numbers.
    let bytes = new Uint8Array(Math.max(1024, this.othersSeen * 16));
    let used = 0;
    for (let index = 0; index < this.size; index++) {
      const id = this.byIndex[index];
      if (id <= -PAIR_BASE) {
        this.pairs.keyWords(-id - 1 - PAIR_BASE, this.pairWords, 0);
        pairWords[2 * pairs] = this.pairWords[0];
        pairWords[2 * pairs + 1] = this.pairWords[1];
        pairIds[pairs++] = index;
        ends[index] = used;
        continue;
      }
      if (id <= -UUID_BASE) {
        this.uuids.keyWords(-id - 1 - UUID_BASE, uuidWords, 4 * uuids);
        uuidIds[uuids++] = index;
        ends[index] = used;
        continue;
      }
      // A numbered id travels as its number: writing its digits and reading them again was most of a funnel's absorb.
      if (id >= 0) {
        numbers[index] = id;
        ends[index] = used;
        continue;
      }
      const key = this.others.keyBytes(-id - 1);
      bytes = withRoom(bytes, used, key.length);
      bytes.set(key, used);
      used += key.length;
      ends[index] = used;
    }
    return { bytes: bytes.subarray(0, used), ends, uuidIds, uuidWords, pairIds, pairWords, prefix: this.prefix, numbers };
  }

  /** Takes in another interner's ids; mapping[theirs] = ours. */
  absorb(block: IdBlock): Int32Array {
    const mapping = new Int32Array(block.ends.length);
    let [uuids, pairs] = [0, 0];
    const { numbers } = block;
    for (let i = 0, start = 0; i < block.ends.length; i++) {
      if (numbers[i] >= 0) mapping[i] = this.numberedFrom(block.prefix!, numbers[i]);
      else if (uuids < block.uuidIds.length && block.uuidIds[uuids] === i) mapping[i] = this.fromTable(this.uuids.internWords(block.uuidWords, 4 * uuids++, this.size), this.uuids, UUID_BASE);
      else if (pairs < block.pairIds.length && block.pairIds[pairs] === i) mapping[i] = this.pairFrom(block.pairWords[2 * pairs], block.pairWords[2 * pairs++ + 1]);
      else mapping[i] = this.internBytes(block.bytes, start, block.ends[i]);
      start = block.ends[i];
    }
    return mapping;
  }

  /**
   * Another interner's id of its prefix and a number: numbered at once when
   * this interner has the same prefix (a worker's and the main thread's
   * customers almost always do), else taken as its text would be.
   */
  private numberedFrom(prefix: string, number: number): number {
    if (prefix === this.prefix) return this.numbered(number);
    const text = encoder.encode(`${prefix}${number}`);
    return this.internBytes(text, 0, text.length);
  }

  /**
   * Another interner's pair id, by its two numbers (as words). It goes where
   * its text would: to the pairs, unless this interner would number it by
   * its prefix ("1726219814." when such an id came first, or the prefix is
   * still to be set by it), which only its text settles.
   */
  private pairFrom(first: number, second: number): number {
    if (this.prefix === undefined || this.pairPrefix === first >>> 0) {
      const text = encoder.encode(`${first >>> 0}.${second >>> 0}`);
      return this.internBytes(text, 0, text.length);
    }
    this.pairWords[0] = first;
    this.pairWords[1] = second;
    return this.fromTable(this.pairs.internWords(this.pairWords, 0, this.size), this.pairs, PAIR_BASE);
  }

  private numbered(number: number): number {
    if (number < DENSE_LIMIT) {
      if (number >= this.dense.length) this.growDense(number);
      const known = this.dense[number];
      if (known !== 0) return known - 1;
      this.dense[number] = this.size + 1;
      return this.added(number);
    }
    const index = this.numbers.get(number);
    if (index !== undefined) return index;
    this.numbers.set(number, this.size);
    return this.added(number);
  }

  private other(key: number): number {
    // The table numbers its keys in order: a key past those seen is new.
    if (key < this.othersSeen) return this.otherIndex[key];
    if (key >= this.otherIndex.length) this.otherIndex = grownInt32(this.otherIndex, key + 1);
    this.otherIndex[key] = this.size;
    this.othersSeen++;
    return this.added(-key - 1);
  }

  /**
   * The index a table of words (the UUIDs' or the pairs') gave an id, offered this.size for a
   * new one: a new id is the table's last key, kept in byIndex below `base`.
   */
  private fromTable(index: number, table: UuidTable, base: number): number {
    if (index < this.size) return index;
    return this.added(-(base + table.size));
  }

  /** The `key`-th pair id's two numbers. */
  private pairNumbers(key: number): [number, number] {
    this.pairs.keyWords(key, this.pairWords, 0);
    return [this.pairWords[0] >>> 0, this.pairWords[1] >>> 0];
  }

  private added(id: number): number {
    if (this.size === this.byIndex.length) {
      const grown = new Float64Array(this.byIndex.length * 2);
      grown.set(this.byIndex);
      this.byIndex = grown;
    }
    this.byIndex[this.size] = id;
    return this.size++;
  }

  /**
   * The number after the common prefix, or −1 when the id is not of that
   * shape. The first id of that shape sets the prefix, but for a pair id,
   * which has a table of its own: in GA4's export the first id is mostly a
   * client id ("1726219814.1700005306"), and the prefix "1726219814." it set
   * left every signed-in user id ("u13185") to the table of bytes. An id shaped like a UUID (36 characters, dashes where a UUID has
   * them) is never a prefix and a number, even when it ends in digits: it
   * neither sets the prefix nor is numbered by it, so a UUID has one place
   * (the UUID table) whichever id came first, and crosses threads as bits.
   */
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
    if (length === UUID_LENGTH && id.charCodeAt(8) === DASH && id.charCodeAt(13) === DASH && id.charCodeAt(18) === DASH && id.charCodeAt(23) === DASH) return -1;
    if (this.prefix === undefined) {
      const bytes = encoder.encode(id);
      if (this.pairOf(bytes, 0, bytes.length)) return -1;
      this.setPrefix(id.slice(0, start));
    }
    if (start !== this.prefix!.length || (start > 0 && !id.startsWith(this.prefix!))) return -1;
    let value = 0;
    for (let i = start; i < length; i++) value = value * 10 + (id.charCodeAt(i) - DIGIT_0);
    return value;
  }

  /** numberOf for an id given as bytes. */
  private numberOfBytes(bytes: Uint8Array, from: number, to: number): number {
    let start = to;
    while (start > from) {
      const code = bytes[start - 1];
      if (code < DIGIT_0 || code > DIGIT_0 + 9) break;
      start--;
    }
    const digits = to - start;
    if (digits === 0 || digits > 15 || (digits > 1 && bytes[start] === DIGIT_0)) return -1;
    if (to - from === UUID_LENGTH && bytes[from + 8] === DASH && bytes[from + 13] === DASH && bytes[from + 18] === DASH && bytes[from + 23] === DASH) return -1;
    if (this.prefix === undefined) {
      if (this.pairOf(bytes, from, to)) return -1;
      this.setPrefix(decoder.decode(bytes.subarray(from, start)));
    }
    const prefix = this.prefixBytes!;
    if (start - from !== prefix.length) return -1;
    for (let i = 0; i < prefix.length; i++) if (bytes[from + i] !== prefix[i]) return -1;
    let value = 0;
    for (let i = start; i < to; i++) value = value * 10 + (bytes[i] - DIGIT_0);
    return value;
  }

  private setPrefix(prefix: string): void {
    this.prefix = prefix;
    this.prefixBytes = encoder.encode(prefix);
    // A prefix that is a pair id's first number and its dot numbers such ids (see pairFrom).
    this.pairPrefix = /^(0|[1-9][0-9]{0,9})\.$/.test(prefix) ? Number(prefix.slice(0, -1)) : -1;
  }

  private growDense(number: number): void {
    let size = this.dense.length;
    while (size <= number) size *= 2;
    const grown = writtenInt32(Math.min(size, DENSE_LIMIT));
    grown.set(this.dense);
    this.dense = grown;
  }
}

/** Where the digits that start at `from` end. */
function numberEnd(bytes: Uint8Array, from: number, to: number): number {
  let at = from;
  while (at < to && bytes[at] >= DIGIT_0 && bytes[at] <= DIGIT_0 + 9) at++;
  return at;
}

/** The number written by the digits bytes[from, to) when it is a pair id's (1–10 digits, no leading zero but a lone 0, below 2³²); −1 when not. */
function pairNumber(bytes: Uint8Array, from: number, to: number): number {
  if (to - from > 10 || (to - from > 1 && bytes[from] === DIGIT_0)) return -1;
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (bytes[i] - DIGIT_0);
  return value < PAIR_NUMBER_LIMIT ? value : -1;
}

/** `bytes`, or a copy twice as large (at least `used + needed`) when `needed` more would not fit after its `used`. */
function withRoom(bytes: Uint8Array<ArrayBuffer>, used: number, needed: number): Uint8Array<ArrayBuffer> {
  if (used + needed <= bytes.length) return bytes;
  const grown = new Uint8Array(Math.max(bytes.length * 2, used + needed));
  grown.set(bytes.subarray(0, used));
  return grown;
}

function grownInt32(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}
