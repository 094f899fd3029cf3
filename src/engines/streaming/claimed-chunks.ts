import { open } from 'node:fs/promises';
import { READ_CHUNK_BYTES } from '../../io/open.js';

// A thread's bytes of a file, read ahead and into the same few buffers over
// and over. Both matter on these machines: a read waited for is time the
// scanner stands still (the main thread was idle a fifth of its range), and
// a fresh buffer a chunk costs more than the read itself, as the kernel
// hands out and zeroes new pages (139 MB read in 256 KiB chunks: 120–390 ms
// into fresh buffers, 50–80 ms into reused ones). The scanners copy what
// they keep of a chunk (a record cut at its end, an NDJSON line's tail until
// the next chunk, key and id bytes), so a buffer is written again only
// RING chunks later: one being scanned, one being read, the tail of the one
// before, and one spare.

const RING = 4;

/** Where the next chunk is, as much of READ_CHUNK_BYTES as the range allows; undefined when the range is read. */
export interface ChunkClaims {
  claim(size: number): Promise<{ at: number; length: number } | undefined> | { at: number; length: number } | undefined;
}

/** A fixed byte range [start, end). */
export function rangeClaims(start: number, end: number): ChunkClaims {
  let position = start;
  return {
    claim(size) {
      if (position >= end) return undefined;
      const at = position;
      const length = Math.min(size, end - at);
      position += length;
      return { at, length };
    },
  };
}

/** The claimed chunks of the file, each read while the one before is scanned. */
export async function* claimedChunks(path: string, claims: ChunkClaims): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  const ring = Array.from({ length: RING }, () => Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
  let turn = 0;
  const readNext = async (): Promise<Buffer | undefined> => {
    const claimed = await claims.claim(READ_CHUNK_BYTES);
    if (claimed === undefined) return undefined;
    const buffer = ring[turn];
    turn = (turn + 1) % RING;
    const { bytesRead } = await file.read(buffer, 0, claimed.length, claimed.at);
    // A new object each time: a scanner that remembers the chunk it cut text from sees a new chunk.
    return bytesRead === 0 ? undefined : buffer.subarray(0, bytesRead);
  };
  let next: Promise<Buffer | undefined> | undefined = readNext();
  try {
    for (;;) {
      const chunk = await next;
      next = undefined;
      // A file that shrank while read: no more of it.
      if (chunk === undefined) return;
      next = readNext();
      yield chunk;
    }
  } finally {
    // A scanner that stops early leaves a read in flight: it ends before the file closes.
    await next?.catch(() => undefined);
    await file.close();
  }
}
