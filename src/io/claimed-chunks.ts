import { closeSync, openSync, readSync } from 'node:fs';
import { lendChunkBuffers } from './chunk-memory.js';

// A thread's bytes of a file, read into the same few buffers over and over:
// a fresh buffer a chunk costs more than the read itself, as the kernel hands
// out and zeroes new pages (139 MB read in 256 KiB chunks: 120–390 ms into
// fresh buffers, 50–80 ms into reused ones). The scanners copy what they keep
// of a chunk (a record cut at its end, an NDJSON line's tail until the next
// chunk, key and id bytes), so a buffer is written again only RING chunks
// later, well after anything could still look at it.

/**
 * How much of a file one read takes: the scanner's cost per chunk (a copy of
 * the record cut at its end, one ASCII check, one string) is paid 4 times
 * less often than with Node's 64 KiB. 1 MiB read no faster on the bench
 * files and held some 60 MB more memory.
 */
export const READ_CHUNK_BYTES = 256 << 10;

const RING = 4;
/** Chunks read between two turns of the event loop (1 MiB). */
const TURN_EVERY = 4;

/** Where the next chunk is, as much of READ_CHUNK_BYTES as the range allows; undefined when the range is read. */
export interface ChunkClaims {
  claim(size: number): Promise<{ at: number; length: number } | undefined> | { at: number; length: number } | undefined;
}

/** A byte range [start, end), read from its start; its end may be moved back to a byte not claimed yet (see cutTail). */
export class RangeClaims implements ChunkClaims {
  /** The next byte to claim. */
  position: number;
  /** Bytes claimed so far: the reader's pace, also once its position has moved to another range (ContinuedClaims). */
  claimed = 0;
  constructor(
    start: number,
    public end: number,
  ) {
    this.position = start;
  }

  claim(size: number): { at: number; length: number } | undefined {
    if (this.position >= this.end) return undefined;
    const at = this.position;
    const length = Math.min(size, this.end - at);
    this.position += length;
    this.claimed += length;
    return { at, length };
  }
}

/**
 * The claimed chunks of the file, each read when the scanner asks for it. The
 * read is synchronous: the file is almost always in the page cache by now, so
 * a read is a copy, and handing it to libuv's pool cost more than the copy (a
 * thread woken, the scanner's core given up, a promise a chunk): over GA4's
 * 900 MB export, 0.17 s of reads against 0.32–0.50 s, with less CPU, on a
 * machine whose two cores both scan. From disk, the kernel's read-ahead of a
 * file read in order still fetches the next chunks while this one is scanned.
 */
export async function* claimedChunks(path: string, claims: ChunkClaims): AsyncGenerator<Buffer> {
  const file = openSync(path, 'r');
  // The thread's WebAssembly memory when no other reader has it (chunk-memory.ts: the NDJSON scanner steps over nested values there).
  const loan = lendChunkBuffers(RING, READ_CHUNK_BYTES);
  const ring = loan?.buffers ?? Array.from({ length: RING }, () => Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
  let turn = 0;
  let read = 0;
  try {
    for (;;) {
      const claimed = await claims.claim(READ_CHUNK_BYTES);
      if (claimed === undefined) return;
      const buffer = ring[turn];
      turn = (turn + 1) % RING;
      const bytesRead = readSync(file, buffer, 0, claimed.length, claimed.at);
      // A file that shrank while read: no more of it.
      if (bytesRead === 0) return;
      // A new object each time: a scanner that remembers the chunk it cut text from sees a new chunk.
      yield buffer.subarray(0, bytesRead);
      // Reads that never wait leave no turn to the event loop: now and then one is given, for a worker's message
      // that it is ready (the main thread shares the rest of the file then), the reads that find line ends, and Ctrl-C.
      if (++read % TURN_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    loan?.giveBack();
    closeSync(file);
  }
}

/**
 * Chunks from elsewhere (a gzip file's inflated text) copied into a few
 * reused buffers of `size` bytes in the thread's WebAssembly memory, where
 * the scanners find their structure (csv-index.wat): a copy is some twenty
 * times cheaper than the byte loop it spares. A chunk larger than `size`,
 * or any when another reader of the thread has the memory, passes as it is.
 */
export async function* inChunkMemory(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  const loan = lendChunkBuffers(RING, size);
  let turn = 0;
  try {
    for await (const chunk of source) {
      if (loan === undefined || chunk.length > size) {
        yield chunk;
        continue;
      }
      const buffer = loan.buffers[turn];
      turn = (turn + 1) % RING;
      chunk.copy(buffer);
      yield buffer.subarray(0, chunk.length);
    }
  } finally {
    loan?.giveBack();
  }
}
