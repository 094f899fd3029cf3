import { CLOSE_BRACE, CLOSE_BRACKET, OPEN_BRACE, OPEN_BRACKET, QUOTE, BACKSLASH } from './json-bytes.js';
import { CSV_INDEX_WASM } from './wasm/csv-index-module.js';
import { NDJSON_SCAN_WASM } from './wasm/ndjson-scan-module.js';

// A thread's read chunks in a WebAssembly memory, where the NDJSON scanner
// finds the end of a nested object or list sixteen bytes at a time
// (wasm/ndjson-scan.wat) instead of one: stepping over GA4's nested
// parameters, device and geography, two thirds of each line, was the largest
// part of reading such an export, at about 1 ns a byte in JavaScript against
// a quarter of that here; a line's keys are matched there too
// (ndjson-members.ts). The chunks are read straight into this memory
// (claimed-chunks.ts), so nothing is copied. Bytes anywhere else (a line
// joined across two chunks, a file read as a stream) are stepped over by the
// JavaScript below, which gives the same answer: a property test holds the
// two to each other. The CSV scanner finds each chunk's delimiters and line
// ends here too (wasm/csv-index.wat, csv-index.ts).

/** The little of WebAssembly's API used here (@types/node 20 declares none of it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

export interface Scanner {
  /**
   * The memory's bytes, kept rather than asked of the memory (it never
   * grows, and its getter cost a call for each value stepped over).
   */
  bytes: ArrayBuffer;
  containerEnd(at: number, to: number): number;
  /** ndjson-scan.wat lineMembers, its table at address 0 (ndjson-members.ts writes it). */
  lineMembers(at: number, to: number, table: number): number;
  /** The table's words. */
  table: Int32Array;
  /** Whose keys the table holds (a reader of another file may have written it since). */
  tableOwner?: object;
  /** csv-index.wat csvIndex, writing to `index` (at INDEX_AT in the memory). */
  csvIndex(at: number, to: number, delimiter: number, out: number, cap: number): number;
  /** The CSV index's words: where it stopped, then the offsets it found. */
  index: Int32Array;
}

/** The memory's first bytes hold lineMembers' table; then the CSV index; the chunks come after. */
export const TABLE_BYTES = 65_536;
export const INDEX_AT = TABLE_BYTES;
/** A 256 KiB chunk of short CSV fields has some 50,000 delimiters and line ends: one call indexes it whole. */
const INDEX_BYTES = 262_144;
const CHUNKS_AT = INDEX_AT + INDEX_BYTES;

/** The thread's scanner and its memory: undefined before the first loan, null where WebAssembly is not to be had. */
let scanner: Scanner | null | undefined;
/** Whether a reader has the memory's buffers (one at a time: two readers' chunks would overwrite each other's). */
let lent = false;

function scannerFor(bytes: number): Scanner | null {
  if (scanner === undefined || (scanner !== null && scanner.bytes.byteLength < CHUNKS_AT + bytes)) {
    try {
      // A page more than the table, the index and the chunks: lineMembers reads a few bytes past a key at the last chunk's end.
      const memory = new WebAssembly.Memory({ initial: Math.ceil((CHUNKS_AT + bytes) / 65_536) + 1 });
      const instance = (wasm: string) => new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasm, 'base64')), { engage: { chunks: memory } }).exports;
      const [ndjson, csv] = [instance(NDJSON_SCAN_WASM), instance(CSV_INDEX_WASM)];
      scanner = {
        bytes: memory.buffer,
        containerEnd: ndjson.containerEnd as Scanner['containerEnd'],
        lineMembers: ndjson.lineMembers as Scanner['lineMembers'],
        table: new Int32Array(memory.buffer, 0, TABLE_BYTES / 4),
        csvIndex: csv.csvIndex as Scanner['csvIndex'],
        index: new Int32Array(memory.buffer, INDEX_AT, INDEX_BYTES / 4),
      };
    } catch {
      scanner = null;
    }
  }
  return scanner;
}

/**
 * `count` buffers of `size` bytes in the scanner's memory, and the call that
 * gives them back; undefined while another reader of the thread has them
 * (that reader makes buffers of its own).
 */
export function lendChunkBuffers(count: number, size: number): { buffers: Buffer[]; giveBack(): void } | undefined {
  if (lent) return undefined;
  const found = scannerFor(count * size);
  if (found === null) return undefined;
  lent = true;
  const buffers = Array.from({ length: count }, (_, i) => Buffer.from(found.bytes, CHUNKS_AT + i * size, size));
  return { buffers, giveBack: () => void (lent = false) };
}

/** The thread's scanner when these bytes are in its memory (a chunk a reader was lent), else undefined. */
export function scannerOf(bytes: Buffer): Scanner | undefined {
  return scanner && bytes.buffer === scanner.bytes ? scanner : undefined;
}

/** Just past the object or list that starts at bytes[at], strings inside stepped over; −1 when it does not close before `to`. */
export function containerEnd(bytes: Buffer, at: number, to: number): number {
  const found = scannerOf(bytes);
  if (found !== undefined) {
    const base = bytes.byteOffset;
    const end = found.containerEnd(base + at, base + to);
    return end < 0 ? end : end - base;
  }
  return containerEndBytewise(bytes, at, to);
}

/** What a byte outside strings is to containerEndBytewise: 0 nothing, else one of the three below. */
const OUTSIDE = new Uint8Array(256);
const OPENS = 1;
const CLOSES = 2;
const STRING = 3;
OUTSIDE[OPEN_BRACE] = OPENS;
OUTSIDE[OPEN_BRACKET] = OPENS;
OUTSIDE[CLOSE_BRACE] = CLOSES;
OUTSIDE[CLOSE_BRACKET] = CLOSES;
OUTSIDE[QUOTE] = STRING;

/** containerEnd a byte at a time, for bytes outside the scanner's memory. */
export function containerEndBytewise(bytes: Uint8Array, at: number, to: number): number {
  let depth = 0;
  let i = at;
  while (i < to) {
    // One load and one test a byte between strings (colons, commas, null, digits), not a test for each of five bytes.
    const kind = OUTSIDE[bytes[i++]];
    if (kind === 0) continue;
    if (kind === STRING) {
      // The string is stepped over here, not by a call: most of a GA4 line is short strings inside objects.
      for (;;) {
        if (i >= to) return -1;
        const inside = bytes[i++];
        // Letters and most text are above the backslash: one comparison each.
        if (inside > BACKSLASH) continue;
        if (inside === QUOTE) break;
        if (inside === BACKSLASH) i++;
      }
    } else if (kind === OPENS) depth++;
    else if (--depth === 0) return i;
  }
  return -1;
}
