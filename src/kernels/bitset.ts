import { writtenUint32 } from './written-zeros.js';

// A growable set of small integers (interned customers), 1 bit each: a
// period's active customers cost customers / 8 bytes.
export class Bitset {
  private words = new Uint32Array(64);

  add(index: number): boolean {
    const word = index >>> 5;
    if (word >= this.words.length) this.grow(word);
    const mask = 1 << (index & 31);
    const had = (this.words[word] & mask) !== 0;
    this.words[word] |= mask;
    return !had;
  }

  /** The set as its words, and back: what crosses between threads. */
  toWords(): Uint32Array {
    return this.words;
  }

  /** The words are taken, not copied: they come from another thread, and are this set's alone. */
  static fromWords(words: Uint32Array<ArrayBuffer>): Bitset {
    const set = new Bitset();
    set.words = words;
    return set;
  }

  /**
   * The same members renumbered: member i becomes mapping[i]. The new words
   * are sized once, from the largest member's new number: grown member by
   * member they were copied some ten times over into fresh memory, a tenth
   * of a run's end when a part's day-by-day sets were merged.
   */
  remapped(mapping: Int32Array): Bitset {
    const words = this.words;
    let largest = -1;
    for (let i = 0; i < words.length; i++) {
      for (let word = words[i]; word !== 0; word &= word - 1) {
        const mapped = mapping[i * 32 + 31 - Math.clz32(word & -word)];
        if (mapped > largest) largest = mapped;
      }
    }
    // −1 when the set is empty (not shifted: −1 >>> 5 is 2²⁷ − 1).
    const out = Bitset.fromWords(writtenUint32(largest < 0 ? 64 : Math.max(64, (largest >>> 5) + 1)));
    out.orRenumbered(this, mapping, largest);
    return out;
  }

  /**
   * Adds another set's members renumbered: member i as mapping[i]. `largest`
   * bounds the new numbers, so that the words grow once, not member by member.
   */
  orRenumbered(other: Bitset, mapping: Int32Array, largest: number): void {
    if (largest >= 0 && largest >>> 5 >= this.words.length) this.grow(largest >>> 5);
    const [theirs, mine] = [other.words, this.words];
    for (let i = 0; i < theirs.length; i++) {
      for (let word = theirs[i]; word !== 0; word &= word - 1) {
        const mapped = mapping[i * 32 + 31 - Math.clz32(word & -word)];
        mine[mapped >>> 5] |= 1 << (mapped & 31);
      }
    }
  }

  /** One more than the largest index this set has room for: a bound on its members. */
  get capacity(): number {
    return this.words.length * 32;
  }

  has(index: number): boolean {
    const word = index >>> 5;
    return word < this.words.length && (this.words[word] & (1 << (index & 31))) !== 0;
  }

  private grow(word: number): void {
    let size = this.words.length;
    while (size <= word) size *= 2;
    const grown = writtenUint32(size);
    grown.set(this.words);
    this.words = grown;
  }

  or(other: Bitset): void {
    if (other.words.length > this.words.length) this.grow(other.words.length - 1);
    for (let i = 0; i < other.words.length; i++) this.words[i] |= other.words[i];
  }

  count(): number {
    let total = 0;
    for (let i = 0; i < this.words.length; i++) total += popcount(this.words[i]);
    return total;
  }

  /** |this \ other| */
  countWithout(other: Bitset): number {
    let total = 0;
    for (let i = 0; i < this.words.length; i++) total += popcount(this.words[i] & ~(i < other.words.length ? other.words[i] : 0));
    return total;
  }

  /** |this ∩ other| */
  countBoth(other: Bitset): number {
    let total = 0;
    const n = Math.min(this.words.length, other.words.length);
    for (let i = 0; i < n; i++) total += popcount(this.words[i] & other.words[i]);
    return total;
  }

  forEach(visit: (index: number) => void): void {
    for (let i = 0; i < this.words.length; i++) {
      let word = this.words[i];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        visit(i * 32 + bit);
        word &= word - 1;
      }
    }
  }
}

/** The set at `key` of a map of sets (by period, day …), made empty when there is none. */
export function bitsetAt(sets: Map<number, Bitset>, key: number): Bitset {
  let set = sets.get(key);
  if (set === undefined) {
    set = new Bitset();
    sets.set(key, set);
  }
  return set;
}

/** Each of another state's sets joined into this state's set of the same key (a new one where there is none). */
export function unionByKey(mine: Map<number, Bitset>, theirs: ReadonlyMap<number, Bitset>): void {
  for (const [key, set] of theirs) bitsetAt(mine, key).or(set);
}

/** Every set of a map renumbered: local customer i becomes mapping[i] (a part read on another thread). */
export function remapEach(sets: Map<number, Bitset>, mapping: Int32Array): void {
  for (const [key, set] of sets) sets.set(key, set.remapped(mapping));
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
