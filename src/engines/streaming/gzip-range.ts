import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { inChunkMemory, READ_CHUNK_BYTES } from '../../io/claimed-chunks.js';

// A thread's share of a gzip file's lines. A gzip stream cannot be entered
// in the middle, so every thread inflates the file from its start and steps
// over what comes before its share; inflating is some four times quicker
// than reading the lines, so two threads still finish a file well before
// one (the threads' shares are weighted for it, see parts.ts). A share is
// cut as a plain file's ranges are (range-bounds.ts): at a nominal byte of
// the inflated text, moved on past the next line end, so that the thread
// before and the thread after agree on where one ends and the next starts
// without telling each other.

/** Each inflated chunk of 1 MiB at most (zlib's chunkSize). */
const INFLATED_CHUNK_BYTES = 1 << 20;

/** A gzip file that did not inflate: it is read again on one thread, which says what is wrong with it. */
export class GzipUnreadable extends Error {}

/**
 * The inflated bytes from `start` to `end`: each moved on to just past the
 * first line end at or after it, but a start that is `exact` (the first
 * record's byte), and an end of Infinity (the last share: the text's end).
 */
export function inflatedRange(path: string, start: number, end: number, exact: boolean): AsyncGenerator<Buffer> {
  // Into the chunk memory, where the CSV scanner cuts fields at the WebAssembly's index.
  return inChunkMemory(inflatedShare(path, start, end, exact), INFLATED_CHUNK_BYTES);
}

async function* inflatedShare(path: string, start: number, end: number, exact: boolean): AsyncGenerator<Buffer> {
  const inflater = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }).pipe(createGunzip({ chunkSize: INFLATED_CHUNK_BYTES }));
  // −1 until found; a share's first and last bytes fall where the inflated chunks do.
  let first = exact ? start : -1;
  let last = end === Number.POSITIVE_INFINITY ? end : -1;
  let offset = 0;
  try {
    for await (const data of inflater) {
      const chunk = data as Buffer;
      const chunkEnd = offset + chunk.length;
      if (first < 0 && chunkEnd > start) first = lineBoundIn(chunk, offset, start);
      if (last < 0 && chunkEnd > end) last = lineBoundIn(chunk, offset, end);
      if (first >= 0) {
        const from = Math.max(first, offset) - offset;
        const to = (last < 0 ? chunkEnd : Math.min(last, chunkEnd)) - offset;
        if (to > from) yield chunk.subarray(from, to);
      }
      offset = chunkEnd;
      if (last >= 0 && offset >= last) return;
    }
  } catch (error) {
    if (error instanceof GzipUnreadable || !isZlibError(error)) throw error;
    throw new GzipUnreadable((error as Error).message);
  } finally {
    inflater.destroy();
  }
}

/** Just past the first line end at or after byte `at` of the text, in the chunk that starts at byte `offset`; −1 when the chunk has none there. */
function lineBoundIn(chunk: Buffer, offset: number, at: number): number {
  const newline = chunk.indexOf(0x0a, Math.max(0, at - offset));
  return newline < 0 ? -1 : offset + newline + 1;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
