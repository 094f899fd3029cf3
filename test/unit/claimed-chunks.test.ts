import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scannerOf } from '../../src/io/chunk-memory.js';
import { claimedChunks, inChunkMemory, RangeClaims, READ_CHUNK_BYTES } from '../../src/io/claimed-chunks.js';
import { withChunkBuffers } from '../helpers/chunk-loan.js';
import { tempDir } from '../helpers/cli.js';

// A thread's range is read into a ring of buffers: every byte of the range
// once, in order, and a chunk's bytes stay as read until the reader has been
// handed the third chunk after it. The reads never wait, so the event loop is
// given a turn now and then: a worker's message, Ctrl-C.

function bytesFile(size: number): { path: string; bytes: Buffer } {
  const bytes = Buffer.alloc(size);
  // Not periodic in the chunk size, so a chunk read into the wrong buffer would show.
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 11)) & 0xff;
  const path = join(tempDir(), `bytes-${size}.bin`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('claimed chunks', () => {
  it.each([
    [0, 10.5],
    [12345, 7.25],
    [1, 1],
  ])('from byte %i over %f chunks: each byte once, in order', async (start, chunks) => {
    const size = Math.round(READ_CHUNK_BYTES * 12);
    const { path, bytes } = bytesFile(size);
    const end = Math.min(size, start + Math.round(READ_CHUNK_BYTES * chunks));
    const read: Buffer[] = [];
    for await (const chunk of claimedChunks(path, new RangeClaims(start, end))) read.push(Buffer.from(chunk));
    expect(Buffer.concat(read).equals(bytes.subarray(start, end))).toBe(true);
    expect(read.length).toBe(Math.ceil((end - start) / READ_CHUNK_BYTES));
  });

  it('keeps a chunk as read while the next two are scanned', async () => {
    const { path } = bytesFile(READ_CHUNK_BYTES * 9);
    const file = readFileSync(path);
    const held: { chunk: Buffer; at: number }[] = [];
    let at = 0;
    for await (const chunk of claimedChunks(path, new RangeClaims(0, file.length))) {
      held.push({ chunk, at });
      at += chunk.length;
      if (held.length > 3) held.shift();
      // Time for any read of a later chunk to land.
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (const kept of held) expect(kept.chunk.equals(file.subarray(kept.at, kept.at + kept.chunk.length))).toBe(true);
    }
    expect(at).toBe(file.length);
  });

  it('gives the event loop a turn while a long range is read', async () => {
    const { path } = bytesFile(READ_CHUNK_BYTES * 16);
    let chunks = 0;
    let seenAt: number | undefined;
    setImmediate(() => (seenAt = chunks));
    for await (const _ of claimedChunks(path, new RangeClaims(0, READ_CHUNK_BYTES * 16))) chunks++;
    // Without a turn the callback would run only after the last of the 16 chunks.
    expect(seenAt).toBeDefined();
    expect(seenAt!).toBeLessThan(8);
  });

  it('an empty range reads nothing', async () => {
    const { path } = bytesFile(1000);
    const read: Buffer[] = [];
    for await (const chunk of claimedChunks(path, new RangeClaims(500, 500))) read.push(chunk);
    expect(read).toEqual([]);
  });
});

describe('chunks copied into the chunk memory', () => {
  it('hands on every byte in order, from the WebAssembly memory when a chunk fits, and gives the memory back', async () => {
    const sizes = [1000, 4096, 4097, 10, 4096, 9000, 1, 3000, 4096, 4096, 4096, 2];
    const { bytes } = bytesFile(sizes.reduce((a, b) => a + b, 0));
    async function* source(): AsyncGenerator<Buffer> {
      let at = 0;
      for (const size of sizes) {
        // Fresh memory each time, as zlib writes its chunks.
        yield Buffer.from(bytes.subarray(at, at + size));
        at += size;
      }
    }
    const read: Buffer[] = [];
    const inMemory: boolean[] = [];
    for await (const chunk of inChunkMemory(source(), 4096)) {
      inMemory.push(scannerOf(chunk) !== undefined);
      read.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(read).equals(bytes)).toBe(true);
    expect(inMemory).toEqual(sizes.map((size) => size <= 4096));
    // Given back: the next reader of the thread has it (withChunkBuffers throws when it cannot borrow).
    expect(withChunkBuffers(1, 16, ([buffer]) => buffer.length)).toBe(16);
  });
});
