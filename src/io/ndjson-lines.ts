import { NEWLINE } from './json-bytes.js';

// The lines of NDJSON bytes, each with its number, for the readers that walk
// them without decoding (json.ts's records, ndjson-keys.ts's columns): a line
// that spans two chunks is joined, its ends' spaces and CR are cut off, and
// a blank one is passed over (its number still counts).

/**
 * Hands on each line; a handler that answers false stops the scan. False when stopped, or when a
 * chunk is text (decoded from another encoding: there are no bytes to walk).
 */
export async function scanNdjsonLines(chunks: AsyncIterable<Buffer | string>, emit: (bytes: Buffer, from: number, to: number, line: number) => boolean | void): Promise<boolean> {
  let pending: Buffer | undefined;
  let line = 1;
  const lineOf = (bytes: Buffer, from: number, to: number): boolean => {
    let end = to;
    while (end > from && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
    let start = from;
    while (start < end && (bytes[start] === 0x20 || bytes[start] === 0x09)) start++;
    const going = start === end || emit(bytes, start, end, line) !== false;
    line++;
    return going;
  };
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') return false;
    let start = 0;
    if (pending !== undefined) {
      // Only the line cut by the chunk's start is joined, not the whole chunk: copies of every byte cost more than the scan.
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        pending = Buffer.concat([pending, chunk]);
        continue;
      }
      const joined = Buffer.concat([pending, chunk.subarray(0, newline)]);
      if (!lineOf(joined, 0, joined.length)) return false;
      start = newline + 1;
    }
    for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      if (!lineOf(chunk, start, newline)) return false;
      start = newline + 1;
    }
    // A copy: the chunk's buffer is read into again (claimed-chunks.ts).
    pending = start === chunk.length ? undefined : Buffer.from(chunk.subarray(start));
  }
  return pending === undefined || lineOf(pending, 0, pending.length);
}
