import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bitset } from '../../src/kernels/bitset.js';

// A set of small integers; a part read on another thread renumbers its
// members into the whole file's customers (remapped).

function members(set: Bitset): number[] {
  const out: number[] = [];
  set.forEach((index) => out.push(index));
  return out;
}

describe('Bitset', () => {
  it('renumbers its members: member i becomes mapping[i], and nothing else is in the set', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 5000 }), { maxLength: 200 }), fc.integer({ min: 0, max: 1 << 20 }), (indexes, seed) => {
        // A mapping of 5,001 old numbers to distinct new ones, some far larger than any old one.
        const mapping = Int32Array.from({ length: 5001 }, (_, i) => (i * 7919 + seed) % 5003 + (i % 3 === 0 ? 100_000 : 0));
        const set = new Bitset();
        for (const index of indexes) set.add(index);
        const remapped = set.remapped(mapping);
        expect(members(remapped)).toEqual(indexes.map((i) => mapping[i]).sort((a, b) => a - b));
        expect(remapped.count()).toBe(indexes.length);
        // The original is left as it was.
        expect(members(set)).toEqual([...indexes].sort((a, b) => a - b));
      }),
    );
  });

  it('an empty set renumbered is empty and can grow', () => {
    const remapped = new Bitset().remapped(new Int32Array([5, 6]));
    expect(remapped.count()).toBe(0);
    expect(remapped.capacity).toBe(64 * 32);
    expect(remapped.add(70_000)).toBe(true);
    expect(members(remapped)).toEqual([70_000]);
  });
});
