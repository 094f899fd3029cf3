import { scannerOf, TABLE_BYTES, type Scanner } from './chunk-memory.js';

// The JavaScript side of ndjson-scan.wat lineMembers: the keys the NDJSON
// scanner (ndjson-bytes.ts) remembers at each place of a line, written into
// the table the WebAssembly matches them against, and a line's members asked
// of it. A reader of GA4's export takes 3 of its 16 top-level keys: walking
// all of them in JavaScript, a key's bytes compared at a time, was the
// largest part of reading a line once nested values were stepped over in
// WebAssembly. The layout below is the .wat's.

/** Places a line may have: a key past them is read by the JavaScript. */
const PLACES = 64;
/** Where the slots' words start, and the word that holds their number. */
const SLOTS = 1024 / 4;
const SLOT_COUNT = 2048 / 4;
/** Where the keys' bytes go. */
const KEYS = 4096;
/** A slot's kind when its value is a string (start and end inside its quotes); 2 is a number, true, false or null. */
export const STRING_VALUE = 1;

/** A key at a place of the line: its bytes, and the slot its value goes to (−1: none reads it; −2: only the JavaScript may read it). */
export interface PlacedKey {
  bytes: Buffer;
  slot: number;
}

export class MemberTable {
  /** The remembered keys changed since they were written. */
  private stale = true;
  /** Off when lines seldom match (their keys move about) or the keys do not fit: the JavaScript reads every line. */
  private off: boolean;
  private lines = 0;
  private missed = 0;
  /** The chunk of the last line and its scanner: asking a chunk's memory buffer was a call into C++ a line. */
  private chunk: Buffer | undefined;
  private chunkScanner: Scanner | undefined;

  constructor(
    /** The columns read: a slot each. */
    private readonly slots: number,
    /** The key at each place, as the scanner remembers it. */
    private readonly places: readonly (PlacedKey | undefined)[],
    /** False when a column is a path into a nested value, which only the JavaScript walks. */
    usable: boolean,
  ) {
    this.off = !usable || slots > PLACES;
  }

  /** Lines whose members the WebAssembly found. */
  get matched(): number {
    return this.lines - this.missed;
  }

  /** The scanner remembered another key. */
  changed(): void {
    this.stale = true;
  }

  /**
   * The scanner whose table holds the line's members (slot s at its
   * table[SLOTS + 4s …]: start, end, kind, addresses in its memory), or
   * undefined when the JavaScript is to read the line.
   */
  membersOf(bytes: Buffer, from: number, to: number): Scanner | undefined {
    if (this.off) return undefined;
    if (bytes !== this.chunk) {
      this.chunk = bytes;
      this.chunkScanner = scannerOf(bytes);
    }
    const scanner = this.chunkScanner;
    if (scanner === undefined) return undefined;
    if ((this.stale || scanner.tableOwner !== this) && !this.write(scanner)) return undefined;
    this.lines++;
    const base = bytes.byteOffset;
    if (scanner.lineMembers(base + from, base + to, 0) === 1) return scanner;
    // Lines whose keys keep moving: the JavaScript alone is quicker than a try here first.
    if (++this.missed > 64 && this.missed * 8 > this.lines) this.off = true;
    return undefined;
  }

  private write(scanner: Scanner): boolean {
    const { table } = scanner;
    const memory = new Uint8Array(scanner.bytes, 0, TABLE_BYTES);
    let free = KEYS;
    for (let place = 0; place < PLACES; place++) {
      const key = this.places[place];
      const at = 4 * place;
      if (key === undefined) {
        table[at + 1] = -1;
        continue;
      }
      if (free + key.bytes.length > TABLE_BYTES) {
        this.off = true;
        return false;
      }
      memory.set(key.bytes, free);
      table[at] = free;
      table[at + 1] = key.bytes.length;
      table[at + 2] = key.slot;
      free += key.bytes.length;
    }
    table[SLOT_COUNT] = this.slots;
    scanner.tableOwner = this;
    this.stale = false;
    return true;
  }
}

/** Slot s's start, end and kind in the table's words. */
export const slotAt = (s: number): number => SLOTS + 4 * s;
