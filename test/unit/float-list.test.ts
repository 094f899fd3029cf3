import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FloatList, kthByRadix } from '../../src/kernels/float-list.js';

function sortedMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe('FloatList.median', () => {
  it('agrees with sorting, for any values, duplicates and lengths', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(0, 0.5, 1)), { maxLength: 300 }), (values) => {
        const list = new FloatList();
        for (const v of values) list.push(v);
        expect(list.median()).toBe(sortedMedian(values));
        // Selecting reorders but keeps the multiset: a second call agrees.
        expect(list.median()).toBe(sortedMedian(values));
      }),
    );
  });

  it('handles sorted and reversed runs beyond the first growth', () => {
    const up = new FloatList();
    const down = new FloatList();
    for (let i = 0; i < 5000; i++) {
      up.push(i);
      down.push(5000 - i);
    }
    expect(up.median()).toBe(2499.5);
    expect(down.median()).toBe(2500.5);
  });

  it('appends another list', () => {
    const a = new FloatList();
    const b = new FloatList();
    [3, 1].forEach((v) => a.push(v));
    [2, 10, 4].forEach((v) => b.push(v));
    a.append(b);
    expect(a.length).toBe(5);
    expect(a.median()).toBe(3);
  });
});

describe('FloatList parts', () => {
  it('keeps the multiset across many parts and merges, whatever is pushed after a merge', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 50 }),
        (chunks, later) => {
          const lists = chunks.map((chunk) => {
            const list = new FloatList();
            chunk.forEach((v) => list.push(v / 7));
            return list;
          });
          const total = new FloatList();
          lists.forEach((list) => total.append(list));
          // The first list goes on being used after it was merged: the total must not change.
          later.forEach((v) => lists[0].push(v / 7));
          expect(lists[0].median()).toBe(sortedMedian([...chunks[0], ...later].map((v) => v / 7)));
          expect(total.median()).toBe(sortedMedian(chunks.flat().map((v) => v / 7)));
          expect(total.length).toBe(chunks.flat().length);
        },
      ),
    );
  });

  it('agrees with sorting on large lists (the radix selection), whatever their shape', () => {
    const shapes = {
      uniform: (r: () => number) => r() * 1000,
      ties: (r: () => number) => Math.floor(r() * 5),
      skewed: (r: () => number) => (r() < 0.9 ? 0 : r() * 1e6),
      sorted: (_r: () => number, i: number) => i,
      reversed: (_r: () => number, i: number) => -i,
      halves: (r: () => number, i: number, n: number) => (i < n / 2 ? -1 - r() : 1 + r()),
    };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(shapes)), fc.integer({ min: 4096, max: 40_000 }), fc.integer(), fc.integer({ min: 1, max: 4 }), (shape, n, seed, lists) => {
        let state = seed >>> 0;
        const random = () => ((state = (Math.imul(state, 48271) + 12345) >>> 0) / 4294967296);
        const values = Array.from({ length: n }, (_, i) => shapes[shape as keyof typeof shapes](random, i, n));
        // Several lists appended, as parts merged from threads are.
        const total = new FloatList();
        for (let l = 0; l < lists; l++) {
          const list = new FloatList();
          for (let i = l; i < n; i += lists) list.push(values[i]);
          total.append(list);
        }
        expect(total.median()).toBe(sortedMedian(values));
      }),
      { numRuns: 40 },
    );
  });

  it('the radix selection gives the k-th and (k−1)-th values for every k, and nothing when a value is NaN', () => {
    // Ties, negatives, zeros of both signs, infinities and values whose high words are equal (the low words differ).
    const special = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1 + 2 ** -52, 1, 1 + 2 ** -40, -1e-300, 5e-324];
    const values = [...Array.from({ length: 3000 }, (_, i) => (((i * 7919) % 3000) % 40) - 20 + (i % 7 === 0 ? 0.5 : 0)), ...special];
    const sorted = [...values].sort((a, b) => a - b);
    const parts = [Float64Array.from(values.slice(0, 1000)), Float64Array.from(values.slice(1000))];
    for (let k = 0; k < values.length; k++) {
      const found = kthByRadix(parts, k)!;
      // toBe would tell −0 from 0, which compare equal: the selection may give either.
      expect(found.value === sorted[k]).toBe(true);
      if (k > 0) expect(found.below === sorted[k - 1]).toBe(true);
    }
    expect(kthByRadix([Float64Array.from([1, Number.NaN, 2])], 1)).toBeUndefined();
  });

  it('the radix selection within one top digit: every k over values that differ only in the high word\'s low 16 bits, or below them', () => {
    // 1 + j/1024 (and its negative) share the top 16 bits of their high word and differ in the next 16; 2^-40 is in the low word.
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const j = (i * 37) % 61;
      values.push((i % 3 === 0 ? -1 : 1) * (1 + j / 1024 + (i % 5 === 0 ? 2 ** -40 : 0)));
    }
    const sorted = [...values].sort((a, b) => a - b);
    const parts = [Float64Array.from(values.slice(0, 2500)), Float64Array.from(values.slice(2500))];
    for (let k = 0; k < values.length; k++) {
      const found = kthByRadix(parts, k)!;
      expect(found.value).toBe(sorted[k]);
      if (k > 0) expect(found.below).toBe(sorted[k - 1]);
    }
  });

  it('selects over more than one full part', () => {
    const list = new FloatList();
    for (let i = 0; i < 200_001; i++) list.push((i * 7919) % 200_001);
    expect(list.median()).toBe(100_000);
  });
});
