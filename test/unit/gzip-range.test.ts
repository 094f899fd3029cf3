import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipUnreadable, inflatedRange } from '../../src/engines/streaming/gzip-range.js';
import { gzipShares } from '../../src/engines/streaming/parts.js';
import { tempDir } from '../helpers/cli.js';

// Threads that each inflate a gzip file and keep their share of its lines
// must, between them, read every line once: a share starts just past the
// first line end at or after its nominal byte, as range-bounds.ts cuts a
// plain file, and ends where the next share starts.

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(Buffer.from(chunk));
  return Buffer.concat(all);
}

/** The line bound of a nominal byte, worked on the whole text: just past the first line end at or after it. */
function boundOf(text: Buffer, at: number): number {
  const newline = text.indexOf(0x0a, at);
  return newline < 0 ? text.length : newline + 1;
}

// Lines of every length, some longer than the 1 MiB chunks zlib hands over, so that line ends and nominal bytes fall across chunks.
const lines = Array.from({ length: 400 }, (_, i) => (i % 97 === 5 ? 'x'.repeat(1_300_000 + i) : `line ${i},${'y'.repeat((i * 7919) % 3000)}`));
const text = Buffer.from(`header\n${lines.join('\n')}\n`);
const dataStart = 'header\n'.length;

describe('inflatedRange', () => {
  const path = join(tempDir(), 'lines.txt.gz');
  writeFileSync(path, gzipSync(text));

  it('cuts shares that, one after another, are the text from the first record, each starting at a line', async () => {
    // Nominal bytes: on a line end, just past one, inside a long line that crosses chunks, the text's last byte, past its end.
    const longLine = text.indexOf('x'.repeat(1000));
    const newline = text.indexOf(0x0a, 5000);
    const nominal = [newline, newline + 1, longLine + 1_100_000, 1 << 20, (1 << 20) + 1, text.length - 1, text.length + 10];
    for (let seed = 1; seed <= 6; seed++) nominal.push(dataStart + Math.floor(((seed * 0.1537) % 1) * (text.length - dataStart)));
    for (const b of nominal) {
      for (const [first, second] of [[b, Number.POSITIVE_INFINITY], [dataStart + 1, b]] as const) {
        if (second <= first) continue;
        const parts = [await collect(inflatedRange(path, dataStart, first, true)), await collect(inflatedRange(path, first, second, false))];
        if (second !== Number.POSITIVE_INFINITY) parts.push(await collect(inflatedRange(path, second, Number.POSITIVE_INFINITY, false)));
        expect(Buffer.concat(parts).equals(text.subarray(dataStart)), `bounds ${first}, ${second}`).toBe(true);
        expect(parts[0].length).toBe(boundOf(text, first) - dataStart);
        expect(parts[1].length).toBe((second === Number.POSITIVE_INFINITY ? text.length : boundOf(text, second)) - boundOf(text, first));
      }
    }
  });

  it('stops on a file that does not inflate with GzipUnreadable', async () => {
    const cut = join(tempDir(), 'cut.csv.gz');
    const whole = gzipSync(text);
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    await expect(collect(inflatedRange(cut, 0, Number.POSITIVE_INFINITY, true))).rejects.toBeInstanceOf(GzipUnreadable);
  });
});

describe('gzipShares', () => {
  it('gives the main thread 1.25 / 2.25 of two threads’ text, and the workers the rest in equal shares', () => {
    expect(gzipShares(100, 100 + 9000, 2)).toEqual([100, 100 + 5000, Number.POSITIVE_INFINITY]);
    // Three threads: 1.25 / 3.25 of 13,000 is 5,000; the other 8,000 in two.
    expect(gzipShares(0, 13_000, 3)).toEqual([0, 5000, 9000, Number.POSITIVE_INFINITY]);
  });
});
