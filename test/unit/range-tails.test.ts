import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RangeClaims } from '../../src/io/claimed-chunks.js';
import { cutTail, cutTailAtPaces, endsLine, keptShare, TAIL_START_MS } from '../../src/engines/streaming/range-bounds.js';
import { LeadingRange } from '../../src/engines/streaming/leading-range.js';
import { tempDir } from '../helpers/cli.js';

// A thread done with its range takes the tail of what another has left:
// cut at a line end, as much as the two paces say, never less than asked for.

function lines(count: number): string {
  return Array.from({ length: count }, (_, i) => `row-${i},${'x'.repeat(i % 37)}\n`).join('');
}

describe('a range’s tail', () => {
  const path = join(tempDir(), 'tails.csv');
  const text = lines(4000);
  writeFileSync(path, text);
  const size = Buffer.byteLength(text);

  it.each([0.25, 0.5, 0.9])('keeps %f of what is left, to the next line end, and ends where the tail starts', (keep) => {
    const range = new RangeClaims(1000, size);
    range.position = 3000;
    const tail = cutTail(path, range, 1, keep)!;
    const nominal = 3000 + Math.floor((size - 3000) * keep);
    expect(tail[1]).toBe(size);
    // The first line end at or after the nominal cut: nothing but line between them.
    expect(text[tail[0] - 1]).toBe('\n');
    expect(tail[0]).toBeGreaterThan(nominal);
    expect(text.slice(nominal, tail[0] - 1)).not.toContain('\n');
    expect(range.end).toBe(tail[0]);
  });

  it('takes nothing, and moves nothing, when less than asked for is left or no share is kept', () => {
    for (const [least, keep] of [[size, 0.5], [10, 0], [10, 1], [10, Number.NaN]]) {
      const range = new RangeClaims(0, size);
      range.position = 1;
      expect(cutTail(path, range, least, keep)).toBeUndefined();
      expect(range.end).toBe(size);
    }
    // A cut that would fall on the range's last line leaves the range whole.
    const range = new RangeClaims(0, size);
    range.position = size - 10;
    expect(cutTail(path, range, 1, 0.9)).toBeUndefined();
    expect(range.end).toBe(size);
  });

  it('a range that claims on stops where its tail starts', () => {
    const range = new RangeClaims(0, size);
    const first = range.claim(4096)!;
    const [cut] = cutTail(path, range, 1, 0.5)!;
    let last = first;
    for (let claimed = range.claim(4096); claimed !== undefined; claimed = range.claim(4096)) last = claimed;
    expect(last.at + last.length).toBe(cut);
  });

  it('a reader twice as quick keeps two thirds; a pace not known yet halves it', () => {
    expect(keptShare(2, 1, 1000, 0)).toBeCloseTo(2 / 3, 12);
    expect(keptShare(1, 3, 1000, 0)).toBeCloseTo(1 / 4, 12);
    expect(keptShare(0, 3, 1000, 0)).toBe(0.5);
    expect(keptShare(5, 0, 1000, 0)).toBe(0.5);
  });

  it('the taker\'s start is paid from its share: both still end together, and no tail when it would end later', () => {
    // 10,000 bytes left, both at 100 bytes a ms, the taker starting 50 ms late: the giver keeps 7,500 (75 ms),
    // the taker reads 2,500 in 25 ms after its 50.
    expect(keptShare(100, 100, 10_000, 50)).toBeCloseTo(0.75, 12);
    // A giver twice as quick, 9,000 bytes left, a 30 ms start: keeps k with 9000k/200 = 30 + 9000(1 − k)/100,
    // 45k = 120 − 90k, k = 8/9 (1,000 bytes for the taker: 30 + 10 ms, as the giver's 8,000 take 40).
    expect(keptShare(200, 100, 9_000, 30)).toBeCloseTo(8 / 9, 12);
    // 4,000 bytes: the giver alone ends in 40 ms, before the taker could start and read anything.
    expect(keptShare(100, 100, 4_000, 50)).toBeGreaterThanOrEqual(1);
    const range = new RangeClaims(0, size);
    range.claim(4096);
    expect(cutTail(path, range, 1, keptShare(100, 100, 4_000, 50))).toBeUndefined();
    expect(range.end).toBe(size);
  });

  it('cuts at the paces of both readers, the taker paying its start: none when the giver alone ends first', () => {
    // Both at 1 byte a ms: with TAIL_START_MS bytes left, the giver alone is done when the taker would only begin.
    const few = new RangeClaims(0, size);
    few.position = size - TAIL_START_MS;
    expect(cutTailAtPaces(path, few, 1, 1, 1, TAIL_START_MS)).toBeUndefined();
    expect(few.end).toBe(size);
    // With all the file left, the giver keeps (60 + left) / (2 left) of it, cut at the next line end.
    const all = new RangeClaims(0, size);
    const [cut] = cutTailAtPaces(path, all, 1, 1, 1, TAIL_START_MS)!;
    const nominal = Math.floor(size * ((TAIL_START_MS + size) / (2 * size)));
    expect(text[cut - 1]).toBe('\n');
    expect(cut).toBeGreaterThan(nominal);
    expect(text.slice(nominal, cut - 1)).not.toContain('\n');
    expect(all.end).toBe(cut);
  });

  it('the main thread gives no tail before the rest is shared, and after it keeps its pace’s share', async () => {
    const range = new LeadingRange(path, 0, size, 2);
    expect(range.giveTail(1, 1000, TAIL_START_MS)).toBeUndefined();
    const ends = range.shareRest(2, 1);
    const tail = range.giveTail(1, 1e12, TAIL_START_MS)!;
    // Nothing read yet, so no pace of the main thread's: the other takes half of what it has left, from a line's start.
    expect(tail[1]).toBe(ends[0]);
    expect(text[tail[0] - 1]).toBe('\n');
    expect(tail[0]).toBeLessThan(ends[0] / 2 + 200);
  });
});

describe('where a range ends', () => {
  it('ends a line only just past a line feed: not inside a line, nor at a last line without one', () => {
    const path = join(tempDir(), 'ends.csv');
    writeFileSync(path, 'a,1\nbb,2\ncc,3');
    expect(endsLine(path, 4)).toBe(true);
    expect(endsLine(path, 9)).toBe(true);
    expect(endsLine(path, 6)).toBe(false);
    expect(endsLine(path, 13)).toBe(false);
    expect(endsLine(path, 0)).toBe(false);
  });
});
