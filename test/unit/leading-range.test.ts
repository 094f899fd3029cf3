import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadingRange } from '../../src/engines/streaming/leading-range.js';
import { tempDir } from '../helpers/cli.js';

// The main thread reads ahead while workers start, never past an even share
// of the file; once they are ready the rest is cut at line ends into equal
// shares, and the main thread's bytes end exactly at its share's end.

function lines(count: number): string {
  return Array.from({ length: count }, (_, i) => `row-${i},${'x'.repeat(i % 37)}\n`).join('');
}

/** Reads chunks until the range waits (nothing for 300 ms: a loaded machine takes more than 50 ms for a read) or ends; a waiting read is kept for the next call. */
class Reader {
  readonly read: Buffer[] = [];
  private pending: Promise<IteratorResult<Buffer>> | undefined;
  constructor(private readonly chunks: AsyncGenerator<Buffer>) {}

  async untilBlocked(): Promise<'blocked' | 'done'> {
    for (;;) {
      this.pending ??= this.chunks.next();
      const next = await Promise.race([this.pending, new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 300))]);
      if (next === 'blocked') return 'blocked';
      this.pending = undefined;
      if (next.done) return 'done';
      // A copy: the range reads into the same few buffers again (claimed-chunks.ts).
      this.read.push(Buffer.from(next.value));
    }
  }

  text(): string {
    return Buffer.concat(this.read).toString();
  }
}

describe('the main thread’s leading range', () => {
  it.each([2, 3, 5])('with %i threads, stops at an even share, then the rest is cut into equal shares at line ends', async (threads) => {
    const path = join(tempDir(), `lines-${threads}.csv`);
    const text = lines(5000);
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    const range = new LeadingRange(path, 0, size, threads);
    const reader = new Reader(range.chunks());
    expect(await reader.untilBlocked()).toBe('blocked');
    const ahead = reader.text().length;
    expect(ahead).toBe(Math.floor(size / threads));

    const ends = range.shareRest(threads, 1);
    expect(ends).toHaveLength(threads);
    expect(ends.at(-1)).toBe(size);
    for (const end of ends.slice(0, -1)) expect(text[end - 1]).toBe('\n');
    // Each share of what was left is within a line of the others.
    const shares = ends.map((end, i) => end - (i === 0 ? ahead : ends[i - 1]));
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThan(80);

    expect(await reader.untilBlocked()).toBe('done');
    const main = reader.text();
    expect(main.length).toBe(ends[0]);
    expect(main + readFileSync(path, 'utf8').slice(ends[0])).toBe(text);
  });

  it('weighs the main thread\'s share of the rest against each other\'s (workers that go on are done first)', async () => {
    const path = join(tempDir(), 'weighted.csv');
    const text = lines(6000);
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    const range = new LeadingRange(path, 0, size, 3);
    const reader = new Reader(range.chunks());
    expect(await reader.untilBlocked()).toBe('blocked');
    const ahead = reader.text().length;
    const ends = range.shareRest(3, 1.5);
    const shares = ends.map((end, i) => end - (i === 0 ? ahead : ends[i - 1]));
    // 1.5 : 1 : 1 of what was left, each within a line.
    const left = size - ahead;
    expect(Math.abs(shares[0] - (left * 1.5) / 3.5)).toBeLessThan(80);
    expect(Math.abs(shares[1] - left / 3.5)).toBeLessThan(80);
    expect(reader.text().length).toBe(ahead);
    expect(await reader.untilBlocked()).toBe('done');
    expect(reader.text().length).toBe(ends[0]);
  });

  it('reads the whole file when it is settled at the end (a worker could not start)', async () => {
    const path = join(tempDir(), 'whole.csv');
    const text = lines(3000);
    writeFileSync(path, text);
    const range = new LeadingRange(path, 0, text.length, 2);
    const reader = new Reader(range.chunks());
    expect(await reader.untilBlocked()).toBe('blocked');
    expect(reader.text().length).toBe(Math.floor(text.length / 2));
    range.settle(text.length);
    expect(await reader.untilBlocked()).toBe('done');
    expect(reader.text()).toBe(text);
  });
  it('turns the event loop at every chunk until the rest is shared, so that a ready worker is seen at once', async () => {
    const path = join(tempDir(), 'turns.csv');
    const text = lines(60_000);
    writeFileSync(path, text);
    const range = new LeadingRange(path, 0, Buffer.byteLength(text), 2);
    const chunks = range.chunks();
    // A message (a worker's "ready") is handled in a turn of the event loop, as setImmediate's callback is.
    let turned = false;
    setImmediate(() => (turned = true));
    await chunks.next();
    expect(turned).toBe(true);
    // Once shared, turns come every few chunks only (claimed-chunks.ts): a chunk may be read without one.
    range.shareRest(2, 1);
    turned = false;
    setImmediate(() => (turned = true));
    await chunks.next();
    expect(turned).toBe(false);
    await chunks.return(undefined);
  });
});
