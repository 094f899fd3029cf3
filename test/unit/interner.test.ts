import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/kernels/interner.js';
import { StringTable } from '../../src/kernels/string-table.js';

describe('Interner', () => {
  it('gives each distinct id one dense index, whatever its shape', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.nat({ max: 50 }).map((n) => `cu${n}`),
            fc.nat({ max: 50 }).map((n) => `${n}`),
            fc.nat({ max: 50 }).map((n) => `cu0${n}`),
            fc.constantFrom('cu', '', 'x7', 'cu99999999999999999', 'cu12345678901', '007', '0', 'cu0'),
            fc.string({ maxLength: 4 }),
          ),
          { maxLength: 200 },
        ),
        (ids) => {
          const interner = new Interner();
          const seen = new Map<string, number>();
          for (const id of ids) {
            const index = interner.intern(id);
            if (seen.has(id)) expect(index).toBe(seen.get(id));
            else {
              expect(index).toBe(seen.size);
              seen.set(id, index);
            }
          }
          expect(interner.size).toBe(seen.size);
        },
      ),
    );
  });

  it('keeps "cu7" and "cu007" apart, and ids past the dense table', () => {
    const interner = new Interner();
    expect(interner.intern('cu7')).toBe(0);
    expect(interner.intern('cu007')).toBe(1);
    expect(interner.intern('cu7')).toBe(0);
    expect(interner.intern('cu99999999')).toBe(2);
    expect(interner.intern('cu99999999')).toBe(2);
  });
});

describe('StringTable', () => {
  it('keeps every distinct string apart and finds it again, across many rehashes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.emailAddress()), { maxLength: 3000 }), (keys) => {
        const table = new StringTable();
        const reference = new Map<string, number>();
        for (const key of [...keys, ...keys]) {
          const index = table.intern(key);
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(index).toBe(reference.get(key));
        }
        expect(table.size).toBe(reference.size);
        expect(table.keys).toEqual([...reference.keys()]);
      }),
      { numRuns: 50 },
    );
  });

  it('stores the characters of a key cut from a longer line', () => {
    const line = `${'x'.repeat(100)},0b7e4a9e-31aa-4c6b-8d0e-3f9a2c6d1e55,rest`;
    const table = new StringTable();
    table.intern(line.slice(101, 137));
    expect(table.keys[0]).toBe('0b7e4a9e-31aa-4c6b-8d0e-3f9a2c6d1e55');
  });
});
