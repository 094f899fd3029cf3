// A hash table from strings to dense integers, open addressing over typed
// arrays: a lookup hashes the id's characters once and compares at most a
// few stored keys, where a Map of a million keys cost about a microsecond a
// lookup on UUID ids (the whole of `engage retention` on a 10M-row log spent
// more than half its time there).

export class StringTable {
  /**
   * Two numbers per slot, side by side so that one memory read fetches both:
   * the entry's hash, and its index + 1 (0 when free). A power of two of
   * slots, at most half of them used.
   */
  private slots = new Int32Array(2 << 12);
  readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The key's index, adding it (a flat copy of it) when new. */
  intern(key: string): number {
    const hash = hashOf(key);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1];
      if (entry === 0) return this.add(key, hash, slot);
      if (slots[2 * slot] === hash && this.keys[entry - 1] === key) return entry - 1;
    }
  }

  private add(key: string, hash: number, slot: number): number {
    const index = this.keys.length;
    this.keys.push(flatCopy(key));
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = index + 1;
    if ((index + 1) * 4 > this.slots.length) this.rehash();
    return index;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
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

/** FNV-1a over the UTF-16 code units, finished with a multiply-shift mix so that low bits spread. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}

/**
 * A copy of a string that shares no memory with the text it was cut from.
 * An id sliced from a decoded line keeps that whole chunk of the file alive
 * as long as the id is kept: with a million UUIDs that was most of the file
 * in memory. Concatenating and cutting again makes V8 write a new flat string.
 */
function flatCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
