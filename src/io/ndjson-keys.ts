// The keys of an NDJSON file of flat objects (most event logs), found from its
// bytes without decoding or parsing them: the first of the two passes over a
// JSON input (json.ts) costs a fraction of the second. Each object's keys are
// gathered as bytes and compared with the object before's; only a new layout
// is decoded. Anything this scan does not take (an object nesting an object
// or an array, a key with an escape, text that is not objects, text decoded
// from another encoding) is answered undefined, and the caller parses every
// record instead.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const COLON = 0x3a;
/** Between two keys in a layout: no key holds a NUL byte unescaped. */
const SEPARATOR = 0;

/** A byte list that grows, reused from object to object. */
class Bytes {
  data = new Uint8Array(256);
  length = 0;
  push(byte: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = byte;
  }
  equals(other: Uint8Array): boolean {
    if (this.length !== other.length) return false;
    for (let i = 0; i < this.length; i++) if (this.data[i] !== other[i]) return false;
    return true;
  }
}

/** How many distinct layouts are remembered: logs mix a few (a visit's keys, a purchase's); more are decoded again, which is only slower. */
const LAYOUTS_KEPT = 16;

/** Hands on each distinct layout of keys, in the order first seen; false when the bytes are not flat NDJSON objects (see above). */
export async function flatNdjsonKeys(chunks: AsyncIterable<Buffer | string>, addKeys: (keys: string[]) => void): Promise<boolean> {
  const layout = new Bytes();
  /** Layouts seen, the latest first. */
  const seen: Uint8Array[] = [];
  const decoder = new TextDecoder('utf-8');
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keyEscaped = false;
  /** Where the string being read started in `layout`, when it may be a key (depth 1); −1 otherwise. */
  let stringStart = -1;
  /** A string at depth 1 just ended: the next structural byte says whether it was a key. */
  let awaitingColon = false;
  let first = true;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') return false;
    let i = 0;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    const length = chunk.length;
    for (; i < length; i++) {
      const byte = chunk[i];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (byte === BACKSLASH) {
          escaped = true;
          keyEscaped = true;
        } else if (byte === QUOTE) {
          inString = false;
          if (stringStart >= 0) awaitingColon = true;
          continue;
        }
        if (stringStart >= 0) layout.push(byte);
        continue;
      }
      if (byte <= 0x20) continue;
      if (awaitingColon) {
        awaitingColon = false;
        if (byte === COLON) {
          if (keyEscaped) return false;
          layout.push(SEPARATOR);
        } else {
          layout.length = stringStart; // a value, not a key
        }
        stringStart = -1;
      }
      if (byte === QUOTE) {
        inString = true;
        keyEscaped = false;
        stringStart = depth === 1 ? layout.length : -1;
      } else if (byte === OPEN_BRACE) {
        if (depth !== 0) return false;
        depth = 1;
      } else if (byte === CLOSE_BRACE) {
        if (depth !== 1) return false;
        depth = 0;
        if (!(seen.length > 0 && layout.equals(seen[0]))) {
          const at = seen.findIndex((known) => layout.equals(known));
          if (at < 0) {
            const text = decoder.decode(layout.data.subarray(0, layout.length));
            addKeys(text === '' ? [] : text.slice(0, -1).split('\u0000'));
            seen.unshift(layout.data.slice(0, layout.length));
            if (seen.length > LAYOUTS_KEPT) seen.pop();
          } else {
            seen.unshift(seen.splice(at, 1)[0]);
          }
        }
        layout.length = 0;
      } else if (byte === OPEN_BRACKET || depth === 0) {
        return false;
      }
    }
  }
  return depth === 0 && !inString;
}
