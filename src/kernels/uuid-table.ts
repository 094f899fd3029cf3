import { writtenInt32 } from './written-zeros.js';

// A hash table from canonical lower-case UUIDs ("9f1c2d3e-…", 36 bytes) to
// the caller's integers, each key packed into its 128 bits. Product-analytics
// exports identify people by UUIDs, a million of them and more: in a table
// of their bytes a lookup reads a slot, the key's start and the key's bytes,
// three cache misses once the table outgrows the cache, which was most of
// reading such a file. Here a slot holds the key itself and its value (the
// interner's index, not a number of the table's own that the interner would
// look up again: that was a second miss a row), so a lookup reads one slot.
// Any other spelling (upper case, braces, no dashes) is not taken: it stays
// a distinct id, in the interner's table of bytes. Any other 128-bit key goes
// in by its words (internWords): the interner keeps GA4's client ids, two
// numbers, in a table of its own this way.

/** Each byte's value as a lower-case hex digit, −1 when it is not one. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;
/** Two bytes' value as two lower-case hex digits (the first byte × 256 + the second: 0–255), −1 when they are not. */
const PAIRS = new Int16Array(1 << 16).fill(-1);
for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) if (HEX[a] >= 0 && HEX[b] >= 0) PAIRS[(a << 8) | b] = HEX[a] * 16 + HEX[b];
const pairAt = (bytes: Uint8Array, at: number): number => PAIRS[(bytes[at] << 8) | bytes[at + 1]];
const DIGITS = new TextEncoder().encode('0123456789abcdef');
const DASH = 45;
/** Where a canonical UUID has its dashes. */
const DASHES = [8, 13, 18, 23];
export const UUID_LENGTH = 36;
/** Where each of the 32 hex digits goes among the 36 bytes. */
const PLACES = Uint8Array.from({ length: UUID_LENGTH }, (_, i) => i).filter((i) => !DASHES.includes(i));

/** Ints a slot takes: the key's four words, then its value + 1 (0: free). */
const STRIDE = 5;

export class UuidTable {
  /** A power of two of slots, at most three quarters used. */
  private slots = new Int32Array(STRIDE * 1024);
  /** The words of the i-th key added at 4i … 4i + 3, to write it back out. */
  private keys = new Int32Array(4 * 256);
  size = 0;
  /** The key being looked up, parsed. */
  private readonly words = new Int32Array(4);

  /**
   * The value of the UUID at `bytes[from, from + 36)`; when it is new, it is
   * added with `value` (≥ 0) as the `size`-th key (write, keyWords). −1 when
   * those bytes are not a canonical UUID.
   */
  intern(bytes: Uint8Array, from: number, value: number): number {
    if (!this.parse(bytes, from)) return -1;
    return this.lookup(value);
  }

  /** The value of the UUID whose 128 bits are `words[at, at + 4)` (as keyWords writes them), added with `value` when new. */
  internWords(words: Int32Array, at: number, value: number): number {
    const w = this.words;
    w[0] = words[at];
    w[1] = words[at + 1];
    w[2] = words[at + 2];
    w[3] = words[at + 3];
    return this.lookup(value);
  }

  /** The `index`-th key added, as four words at `out[at]`: the key as another table takes it (internWords). */
  keyWords(index: number, out: Int32Array, at: number): void {
    const keys = this.keys;
    out[at] = keys[4 * index];
    out[at + 1] = keys[4 * index + 1];
    out[at + 2] = keys[4 * index + 2];
    out[at + 3] = keys[4 * index + 3];
  }

  /** The value of the key in `this.words`, added with `value` when new. */
  private lookup(value: number): number {
    const w = this.words;
    const w0 = w[0];
    const w1 = w[1];
    const w2 = w[2];
    const w3 = w[3];
    const slots = this.slots;
    const mask = slots.length / STRIDE - 1;
    for (let slot = hashOf(w0, w1, w2, w3) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * STRIDE;
      const entry = slots[at + 4];
      if (entry === 0) return this.add(at, value);
      if (slots[at] === w0 && slots[at + 1] === w1 && slots[at + 2] === w2 && slots[at + 3] === w3) return entry - 1;
    }
  }

  /** The `index`-th key added, written as its 36 bytes at `out[at]`. */
  write(index: number, out: Uint8Array, at: number): void {
    writeUuid(this.keys, 4 * index, out, at);
  }

  /**
   * Whether the 36 bytes at `from` are a canonical UUID; if so, its words in
   * `this.words`. Read two digits at a time (no group has an odd count), each
   * pair one look-up: a digit at a time was a tenth of reading a file of UUIDs.
   */
  private parse(bytes: Uint8Array, f: number): boolean {
    if (bytes[f + 8] !== DASH || bytes[f + 13] !== DASH || bytes[f + 18] !== DASH || bytes[f + 23] !== DASH) return false;
    const a0 = pairAt(bytes, f), a1 = pairAt(bytes, f + 2), a2 = pairAt(bytes, f + 4), a3 = pairAt(bytes, f + 6);
    const b0 = pairAt(bytes, f + 9), b1 = pairAt(bytes, f + 11), b2 = pairAt(bytes, f + 14), b3 = pairAt(bytes, f + 16);
    const c0 = pairAt(bytes, f + 19), c1 = pairAt(bytes, f + 21), c2 = pairAt(bytes, f + 24), c3 = pairAt(bytes, f + 26);
    const d0 = pairAt(bytes, f + 28), d1 = pairAt(bytes, f + 30), d2 = pairAt(bytes, f + 32), d3 = pairAt(bytes, f + 34);
    // A pair that is not two lower-case hex digits is −1, and makes the whole negative.
    if ((a0 | a1 | a2 | a3 | b0 | b1 | b2 | b3 | c0 | c1 | c2 | c3 | d0 | d1 | d2 | d3) < 0) return false;
    const w = this.words;
    w[0] = (a0 << 24) | (a1 << 16) | (a2 << 8) | a3;
    w[1] = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    w[2] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
    w[3] = (d0 << 24) | (d1 << 16) | (d2 << 8) | d3;
    return true;
  }

  private add(at: number, value: number): number {
    const index = this.size++;
    const w = this.words;
    const slots = this.slots;
    slots[at] = w[0];
    slots[at + 1] = w[1];
    slots[at + 2] = w[2];
    slots[at + 3] = w[3];
    slots[at + 4] = value + 1;
    if (4 * this.size > this.keys.length) {
      const grown = new Int32Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys.set(this.words, 4 * index);
    if (4 * this.size > 3 * (this.slots.length / STRIDE)) this.rehash();
    return value;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = writtenInt32(old.length * 2);
    const mask = slots.length / STRIDE - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from + 4] === 0) continue;
      let slot = hashOf(old[from], old[from + 1], old[from + 2], old[from + 3]) & mask;
      while (slots[slot * STRIDE + 4] !== 0) slot = (slot + 1) & mask;
      for (let k = 0; k < STRIDE; k++) slots[slot * STRIDE + k] = old[from + k];
    }
    this.slots = slots;
  }
}

/** The UUID whose words are `words[from, from + 4)`, written as its 36 bytes at `out[at]`. */
function writeUuid(words: Int32Array, from: number, out: Uint8Array, at: number): void {
  for (const dash of DASHES) out[at + dash] = DASH;
  for (let nibble = 0; nibble < 32; nibble++) {
    const value = words[from + (nibble >> 3)];
    out[at + PLACES[nibble]] = DIGITS[(value >>> (28 - 4 * (nibble & 7))) & 15];
  }
}

/** The four words mixed: version-4 UUIDs are mostly random bits, but not all UUIDs are. */
function hashOf(w0: number, w1: number, w2: number, w3: number): number {
  let hash = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1), 0x85ebca6b);
  hash = Math.imul(hash ^ w2 ^ (hash >>> 13), 0xc2b2ae35);
  hash = Math.imul(hash ^ w3 ^ (hash >>> 16), 0x27d4eb2f);
  return hash ^ (hash >>> 15);
}
