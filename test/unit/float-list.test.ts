import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FloatList } from '../../src/metrics/float-list.js';

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
