import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimedChunks, RangeClaims, READ_CHUNK_BYTES } from '../../src/io/claimed-chunks.js';
import { ContinuedClaims } from '../../src/engines/streaming/continued-range.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import { tempDir } from '../helpers/cli.js';

// A worker whose metric reads rows in any order goes on, once its range is
// read, into a tail of the main thread's range: asked once, the tail's lines
// come after its own in the same stream, and a range whose last line has no
// line feed asks nothing (its record would run on into the tail).

function linesFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** Lines "n,…" long enough that a range spans several chunks. */
function lines(count: number): string {
  return Array.from({ length: count }, (_, i) => `${i},${'x'.repeat(40 + (i % 17))}\n`).join('');
}

async function readAll(path: string, claims: ContinuedClaims): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of claimedChunks(path, claims)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString();
}

describe('a range that goes on into a tail', () => {
  it('reads its range, asks once, then reads the tail it is given; its pace counts both', async () => {
    const text = lines(40_000);
    const path = linesFile('going-on.csv', text);
    // Its own range is the second half; the tail is a stretch of the first half, both at line starts.
    const ownStart = text.indexOf('\n', text.length / 2) + 1;
    const tailStart = text.indexOf('\n', text.length / 5) + 1;
    const tailEnd = text.indexOf('\n', text.length / 3) + 1;
    const asked: number[] = [];
    const claims = new ContinuedClaims(path, new RangeClaims(ownStart, text.length), async (claimed) => {
      asked.push(claimed);
      return [tailStart, tailEnd];
    });
    const read = await readAll(path, claims);
    expect(read).toBe(text.slice(ownStart) + text.slice(tailStart, tailEnd));
    // Asked once, having read its whole range; the tail over, nothing more is asked.
    expect(asked).toEqual([text.length - ownStart]);
    expect(claims.range.claimed).toBe(text.length - ownStart + (tailEnd - tailStart));
    expect(text.length - ownStart).toBeGreaterThan(2 * READ_CHUNK_BYTES);
  });

  it('ends when the answer is no tail', async () => {
    const text = lines(2000);
    const path = linesFile('no-tail.csv', text);
    let asked = 0;
    const claims = new ContinuedClaims(path, new RangeClaims(0, text.length), async () => {
      asked++;
      return undefined;
    });
    expect(await readAll(path, claims)).toBe(text);
    expect(asked).toBe(1);
  });

  it('asks nothing when its range ends inside a line (a last line without a line feed)', async () => {
    const text = lines(2000).trimEnd();
    const path = linesFile('no-feed.csv', text);
    let asked = 0;
    const claims = new ContinuedClaims(path, new RangeClaims(0, text.length), async () => {
      asked++;
      return [0, 10];
    });
    expect(await readAll(path, claims)).toBe(text);
    expect(asked).toBe(0);
  });
});

describe('which runs read rows in any order', () => {
  const rowsInAnyOrder = (options: Record<string, unknown>) => {
    const spec = metricNamed('funnel')!;
    return spec.create(parseOptions(spec.options, options)).rowsInAnyOrder === true;
  };

  it('the ordered funnel entered at the first start, whose step table is minima and counts', () => {
    expect(rowsInAnyOrder({ steps: ['view', 'cart', 'purchase'], window: '7d' })).toBe(true);
    expect(rowsInAnyOrder({ steps: ['view', 'purchase'], groupBy: ['channel'] })).toBe(true);
    expect(rowsInAnyOrder({ steps: ['view', 'purchase'], timeToConvert: true })).toBe(true);
  });

  it.each([
    ['a strict funnel', { steps: ['view', 'purchase'], order: 'strict' }],
    ['any entry', { steps: ['view', 'purchase'], entry: 'any' }],
    ['an exclusion', { steps: ['view', 'purchase'], exclude: ['refund'] }],
    ['a repeated step', { steps: ['view', 'view', 'purchase'] }],
    ['--period (attempts walked in order)', { steps: ['view', 'purchase'], period: 'week' }],
    ['--attribution', { steps: ['view', 'purchase'], groupBy: ['channel'], attribution: 'first-touch' }],
    ['--list (customers by number)', { steps: ['view', 'purchase'], list: 'purchase' }],
  ])('not with %s', (_, options) => {
    expect(rowsInAnyOrder(options)).toBe(false);
  });
});
