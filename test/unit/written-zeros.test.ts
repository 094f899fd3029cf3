import { describe, expect, it } from 'vitest';
import { writtenInt32, writtenUint32 } from '../../src/kernels/written-zeros.js';

// Zeros written at once (so that no page is first mapped read-only): the arrays
// must still be plain zeros of the length asked, of their type.

describe('zeros written at once', () => {
  it.each([0, 1, 1023, 1 << 20])('%i of them, as Int32Array and Uint32Array', (length) => {
    for (const array of [writtenInt32(length), writtenUint32(length)]) {
      expect(array.length).toBe(length);
      expect(array.every((value) => value === 0)).toBe(true);
    }
    expect(writtenInt32(length)).toBeInstanceOf(Int32Array);
    expect(writtenUint32(length)).toBeInstanceOf(Uint32Array);
  });
});
