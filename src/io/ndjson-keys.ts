import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, isSpace } from './json-bytes.js';
import { scanNdjsonLines } from './ndjson-lines.js';

// The columns of an NDJSON file, found from its bytes: the first of the two
// passes over a JSON input (json.ts) costs a fraction of the second. Each
// line is walked once to a "layout" of what decides its columns: its keys at
// every depth, which values are null, where objects and lists open and
// close, and inside lists the names GA4's key/value parameters give
// (`{"key": "page_location", …}`). Logs repeat a few layouts; only a line
// of a new one is parsed (JSON.parse) and its columns added as
// json-columns.ts adds them, so the columns are exactly those of parsing
// every line. Anything the walk does not take (an escaped key, text that is
// not objects, text decoded from another encoding) is answered false, and
// the caller parses every record instead, which words any error.

// The layout's own bytes, below any byte a key writes after its marker.
const KEY = 1;
const END = 0;
const NULL = 2;
const VALUE = 3;
const NAMED = 4;

/** A byte list that grows, reused from line to line. */
class Bytes {
  data = new Uint8Array(1024);
  length = 0;
  push(byte: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = byte;
  }
  pushRange(bytes: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) this.push(bytes[i]);
  }
  equals(other: Uint8Array): boolean {
    if (this.length !== other.length) return false;
    for (let i = 0; i < this.length; i++) if (this.data[i] !== other[i]) return false;
    return true;
  }
}

/** How many distinct layouts are remembered: logs mix a few (a visit's keys, a purchase's); more are parsed again, which is only slower. */
const LAYOUTS_KEPT = 16;

/** Hands on a record of each distinct layout, parsed; false when the walk gives up (see above). */
export async function ndjsonLayouts(chunks: AsyncIterable<Buffer | string>, add: (record: Record<string, unknown>) => void): Promise<boolean> {
  const layout = new Bytes();
  /** Layouts seen, the latest first. */
  const seen: Uint8Array[] = [];
  const line = (bytes: Buffer, from: number, to: number): boolean => {
    layout.length = 0;
    const walked = walkLine(bytes, from, to, layout);
    if (walked === BLANK) return true;
    if (walked === GIVE_UP) return false;
    if (seen.length > 0 && layout.equals(seen[0])) return true;
    const at = seen.findIndex((known) => layout.equals(known));
    if (at >= 0) {
      seen.unshift(seen.splice(at, 1)[0]);
      return true;
    }
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', from, to));
    } catch {
      return false;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
    add(record as Record<string, unknown>);
    seen.unshift(layout.data.slice(0, layout.length));
    if (seen.length > LAYOUTS_KEPT) seen.pop();
    return true;
  };
  return scanNdjsonLines(chunks, line);
}

const DONE = 0;
const BLANK = 1;
const GIVE_UP = 2;

/** Writes the layout of one line; BLANK for a line of spaces, GIVE_UP for what the walk does not take. */
function walkLine(bytes: Buffer, from: number, to: number, layout: Bytes): number {
  let depth = 0;
  /** How many of the open containers are lists: names of parameters matter only inside one. */
  const lists: boolean[] = [];
  let inLists = 0;
  /** The key just read, when it is "key" (a parameter's name follows). */
  let keyIsKey = false;
  let expectKey = false;
  let started = false;
  for (let i = from; i < to; i++) {
    const byte = bytes[i];
    if (isSpace(byte)) continue;
    if (!started) {
      if (byte !== OPEN_BRACE) return GIVE_UP;
      started = true;
    } else if (depth === 0) {
      return GIVE_UP;
    }
    if (byte === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (; end < to; end++) {
        const b = bytes[end];
        if (b === BACKSLASH) {
          escaped = true;
          end++;
        } else if (b === QUOTE) break;
      }
      if (end >= to) return GIVE_UP;
      if (expectKey) {
        if (escaped) return GIVE_UP;
        layout.push(KEY);
        layout.pushRange(bytes, i + 1, end);
        layout.push(END);
        keyIsKey = end - i - 1 === 3 && bytes[i + 1] === 0x6b && bytes[i + 2] === 0x65 && bytes[i + 3] === 0x79;
        expectKey = false;
        // The colon.
        let colon = end + 1;
        while (colon < to && isSpace(bytes[colon])) colon++;
        if (colon >= to || bytes[colon] !== COLON) return GIVE_UP;
        i = colon;
        continue;
      }
      if (keyIsKey && inLists > 0) {
        if (escaped) return GIVE_UP;
        layout.push(NAMED);
        layout.pushRange(bytes, i + 1, end);
        layout.push(END);
      } else {
        layout.push(VALUE);
      }
      keyIsKey = false;
      i = end;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      layout.push(byte);
      depth++;
      const list = byte === OPEN_BRACKET;
      lists.push(list);
      if (list) inLists++;
      expectKey = !list;
      keyIsKey = false;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === 0 || lists[lists.length - 1] !== (byte === CLOSE_BRACKET)) return GIVE_UP;
      if (lists.pop()) inLists--;
      layout.push(byte);
      depth--;
      expectKey = false;
    } else if (byte === COMMA) {
      expectKey = depth > 0 && !lists[lists.length - 1];
    } else {
      // A number, true, false or null: only whether it is null decides a column.
      let end = i;
      while (end < to && !isSpace(bytes[end]) && bytes[end] !== COMMA && bytes[end] !== CLOSE_BRACE && bytes[end] !== CLOSE_BRACKET) end++;
      const isNull = end - i === 4 && bytes[i] === 0x6e && bytes[i + 1] === 0x75 && bytes[i + 2] === 0x6c && bytes[i + 3] === 0x6c;
      layout.push(isNull ? NULL : VALUE);
      keyIsKey = false;
      i = end - 1;
    }
  }
  if (!started) return BLANK;
  return depth === 0 ? DONE : GIVE_UP;
}
