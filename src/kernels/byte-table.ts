import { writtenInt32 } from './written-zeros.js';

// A hash table from byte strings (ids as UTF-8) to dense integers: open
// addressing over typed arrays, the keys' bytes side by side in one arena.
// A reader that scans bytes interns an id without making a string of it, and
// a million UUIDs cost their 36 bytes each and a few integers, not a million
// JS strings that every garbage collection walks. Text keys are encoded to
// the same bytes, so an id gets one index whichever way it arrives.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ByteTable {
  /**
   * Two numbers per slot, side by side so that one memory read fetches both:
   * the entry's hash, and its index + 1 (0 when free). A power of two of
   * slots, at most half of them used.
   */
  private slots = new Int32Array(2 << 12);
  private arena = new Uint8Array(1 << 16);
  /** Where key i's bytes start in the arena; key i ends where key i + 1 starts. */
  private starts = new Int32Array(1025);
  private used = 0;
  /** A text key's UTF-8 bytes, encoded here to be looked up. */
  private scratch = new Uint8Array(256);
  size = 0;

  /** The index of the key `bytes[from, to)`, adding a copy of those bytes when new. */
  intern(bytes: Uint8Array, from: number, to: number): number {
    const hash = hashOf(bytes, from, to);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1];
      if (entry === 0) return this.add(bytes, from, to, hash, slot);
      if (slots[2 * slot] === hash && this.equals(entry - 1, bytes, from, to)) return entry - 1;
    }
  }

  /** The index of a key given as text. */
  internText(text: string): number {
    const length = this.encode(text);
    return this.intern(this.scratch, 0, length);
  }

  /** Key `index` as text. */
  text(index: number): string {
    return decoder.decode(this.arena.subarray(this.starts[index], this.starts[index + 1]));
  }

  /** Key `index`'s bytes: a view into the table, valid until the next key is added. */
  keyBytes(index: number): Uint8Array {
    return this.arena.subarray(this.starts[index], this.starts[index + 1]);
  }

  private equals(index: number, bytes: Uint8Array, from: number, to: number): boolean {
    const start = this.starts[index];
    if (this.starts[index + 1] - start !== to - from) return false;
    const arena = this.arena;
    for (let i = 0; i < to - from; i++) if (arena[start + i] !== bytes[from + i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, from: number, to: number, hash: number, slot: number): number {
    const index = this.size;
    const length = to - from;
    if (this.used + length > this.arena.length) this.arena = grown(this.arena, this.used + length);
    this.arena.set(bytes.subarray(from, to), this.used);
    this.used += length;
    if (index + 2 > this.starts.length) this.starts = grown(this.starts, index + 2);
    this.starts[index + 1] = this.used;
    this.size++;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = index + 1;
    if (this.size * 4 > this.slots.length) this.rehash();
    return index;
  }

  /** The text's UTF-8 bytes into the scratch buffer; their count. */
  private encode(text: string): number {
    const length = text.length;
    if (length * 3 > this.scratch.length) this.scratch = new Uint8Array(length * 3);
    const scratch = this.scratch;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return encoder.encodeInto(text, scratch).written;
      scratch[i] = code;
    }
    return length;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = writtenInt32(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      let slot = old[at] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[at];
      slots[2 * slot + 1] = old[at + 1];
    }
    this.slots = slots;
  }
}

/** FNV-1a over the bytes, finished with a multiply-shift mix so that low bits spread. */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}

function grown<T extends Uint8Array | Int32Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const copy = new (array.constructor as new (size: number) => T)(size);
  copy.set(array);
  return copy;
}
