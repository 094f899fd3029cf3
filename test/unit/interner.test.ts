import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/kernels/interner.js';
import { ByteTable } from '../../src/kernels/byte-table.js';

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

  it('warming ids ahead (warmBytes) changes no index, whatever the ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat({ max: 3000 }).map((n) => `cu${n}`), fc.constantFrom('cu', 'cu0', 'cu012', 'x9', 'cu99999999', '', 'cu1x')), { minLength: 1, maxLength: 300 }),
        fc.nat({ max: 20 }),
        (ids, batch) => {
          const text = Buffer.from(ids.join(''));
          const from = new Int32Array(ids.length);
          const to = new Int32Array(ids.length);
          ids.reduce((at, id, k) => ((from[k] = at), (to[k] = at + id.length), to[k]), 0);
          const [plain, warmed] = [new Interner(), new Interner()];
          const expected = ids.map((_, k) => plain.internBytes(text, from[k], to[k]));
          const got = ids.map((_, k) => {
            // The next `batch` ids warmed before each is interned (and the table grown meanwhile).
            if (k % (batch + 1) === 0) warmed.warmBytes(text, from.subarray(k), to.subarray(k), Math.min(batch + 1, ids.length - k));
            return warmed.internBytes(text, from[k], to[k]);
          });
          expect(got).toEqual(expected);
          expect(warmed.size).toBe(plain.size);
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

describe('Interner with UUIDs (held as 128 bits, uuid-table.ts)', () => {
  // Canonical lower-case UUIDs, their upper-case and dashless spellings (distinct ids), near misses
  // (a g, a dash moved) and other ids, as text or as bytes cut from a longer buffer.
  const spelling = fc.oneof(
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
    fc.uuid().map((u) => u.replaceAll('-', '')),
    fc.uuid().map((u) => `${u.slice(0, 35)}g`),
    fc.uuid().map((u) => `${u.slice(0, 8)}${u.slice(9, 10)}-${u.slice(10)}`.slice(0, 36)),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '80000000-0000-4000-8000-000000000001'),
    fc.nat({ max: 30 }).map((n) => `cu${n}`),
  );

  it('gives each distinct id one index, writes it back as it came, and another interner absorbs it', () => {
    fc.assert(
      fc.property(fc.array(spelling, { maxLength: 400 }), (drawn) => {
        const ids = [...drawn, ...drawn.slice(0, 50)];
        const interner = new Interner();
        const seen = new Map<string, number>();
        for (const [i, id] of ids.entries()) {
          const bytes = Buffer.from(`"${id}",`);
          const index = i % 2 === 0 ? interner.intern(id) : interner.internBytes(bytes, 1, bytes.length - 2);
          if (!seen.has(id)) seen.set(id, seen.size);
          expect(index).toBe(seen.get(id));
        }
        expect(interner.ids()).toEqual([...seen.keys()]);
        // A second interner that met some ids first numbers the rest after them.
        const other = new Interner();
        other.intern('cu1');
        other.intern('11111111-2222-4333-8444-555555555555');
        const mapping = other.absorb(interner.export());
        expect([...mapping].map((index) => other.idOf(index))).toEqual([...seen.keys()]);
      }),
    );
  });

  it('keeps the table exact past many growths', () => {
    const interner = new Interner();
    const hex = (n: number) => n.toString(16).padStart(12, '0');
    for (let n = 0; n < 50_000; n++) expect(interner.intern(`0000abcd-0000-4000-8000-${hex(n * 7919)}`)).toBe(n);
    for (let n = 0; n < 50_000; n += 101) expect(interner.intern(`0000abcd-0000-4000-8000-${hex(n * 7919)}`)).toBe(n);
    expect(interner.idOf(49_999)).toBe(`0000abcd-0000-4000-8000-${hex(49_999 * 7919)}`);
  });
});

describe('ByteTable', () => {
  it('keeps every distinct key apart and finds it again as text or as bytes, across many rehashes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.emailAddress(), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 3000 }), (keys) => {
        const table = new ByteTable();
        const reference = new Map<string, number>();
        for (const [i, key] of [...keys, ...keys].entries()) {
          // Every other lookup by bytes cut from a longer buffer, as the CSV scanner makes them.
          const bytes = Buffer.from(`,${key},`);
          const index = i % 2 === 0 ? table.internText(key) : table.intern(bytes, 1, bytes.length - 1);
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(index).toBe(reference.get(key));
        }
        expect(table.size).toBe(reference.size);
        expect(Array.from({ length: table.size }, (_, i) => table.text(i))).toEqual([...reference.keys()]);
      }),
      { numRuns: 50 },
    );
  });
});

// GA4's client ids (two numbers and a dot, held as two words) and the ids
// next to them that are not pair ids: a leading zero, a number past 32 bits,
// a third number, a side missing, another character.
const pairId = fc.oneof(
  fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 5 })).map(([a, b]) => `${1007261720 + a}.${b}`),
  fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 })).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('0.0', '4294967295.4294967295', '4294967296.1', '1.4294967296', '01.5', '1.05', '1.2.3', '.5', '5.', '1e3.5', '12345678901.1', ' 1.2', '1.2 '),
);

describe('Interner by bytes', () => {
  it('gives an id the index it has as text, and hands its ids to another interner', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat({ max: 40 }).map((n) => `cu${n}`), fc.constantFrom('cu007', '007', 'x7', 'é9', 'café', '12', 'cu99999999999999999'), fc.uuid(), pairId), { maxLength: 300 }),
        fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
        (ids, asBytes) => {
          const mixed = new Interner();
          const text = new Interner();
          for (const [i, id] of ids.entries()) {
            const bytes = Buffer.from(`"${id}"`);
            const index = asBytes[i] ? mixed.internBytes(bytes, 1, bytes.length - 1) : mixed.intern(id);
            expect(index).toBe(text.intern(id));
          }
          expect(mixed.ids()).toEqual(text.ids());
          // Another interner that has seen some ids already takes these in, and maps each to its own index.
          const whole = new Interner();
          for (const id of ids.slice(0, 5).reverse()) whole.intern(id);
          const mapping = whole.absorb(mixed.export());
          expect(Array.from(mapping, (index) => whole.idOf(index))).toEqual(mixed.ids());
          // And no id has two indexes.
          expect(new Set(whole.ids()).size).toBe(whole.size);
        },
      ),
    );
  });

  it('takes no prefix from a pair id, so that ids of a prefix and a number met after one are still numbered', () => {
    // GA4: the first id is a client id, then a signed-in user's; both kinds again.
    const interner = new Interner();
    const ids = ['1726219814.1700005306', 'u13185', '1726219814.1700009999', 'u7', 'u13185'];
    expect(ids.map((id) => interner.intern(id))).toEqual([0, 1, 2, 3, 1]);
    expect(interner.ids()).toEqual(['1726219814.1700005306', 'u13185', '1726219814.1700009999', 'u7']);
    // "u7" is numbered by the prefix "u" (as a typed array holds it), not a key of the table of bytes.
    expect((interner as unknown as { prefix: string }).prefix).toBe('u');
  });

  it('holds pair ids by their numbers and writes them back as they came', () => {
    const interner = new Interner();
    const ids = ['1007261723.1700000917', '4294967295.0', '1007261723.1700000917', '01.5', '4294967296.1', '0.0'];
    const bytes = Buffer.from(ids.join(','));
    let at = 0;
    const indexes = ids.map((id) => interner.internBytes(bytes, at, (at += id.length + 1) - 1));
    expect(indexes).toEqual([0, 1, 0, 2, 3, 4]);
    expect(interner.ids()).toEqual(['1007261723.1700000917', '4294967295.0', '01.5', '4294967296.1', '0.0']);
    // As text, the same indexes; across an absorb, the same ids.
    expect(ids.map((id) => interner.intern(id))).toEqual(indexes);
    const other = new Interner();
    other.intern('cu1');
    expect(Array.from(other.absorb(interner.export()), (index) => other.idOf(index))).toEqual(interner.ids());
  });

  it('takes a part\'s pair ids where their text goes: numbered by a prefix they match, or setting it', () => {
    // The part met an id of another shape first: its pair ids are in its pairs, and travel as numbers.
    const part = new Interner();
    for (const id of ['cu1', '17.9', '18.2', '17.5']) part.intern(id);
    // This interner met "17.12345678901" first (no pair id: its second number is past 32 bits): its prefix "17."
    // numbers "17.9" (as 9), and "18.2" is a pair here.
    const whole = new Interner();
    whole.intern('17.12345678901');
    const mapping = whole.absorb(part.export());
    expect(Array.from(mapping, (index) => whole.idOf(index))).toEqual(part.ids());
    expect(['cu1', '17.9', '18.2', '17.5'].map((id) => whole.intern(id))).toEqual([...mapping]);
    expect(whole.size).toBe(5);
    // One that has met no id yet takes each pair id as its text would go. (A real part's block never starts with
    // a pair id: an id before it set the part's prefix, and sets this one's first. Cut here.)
    const fresh = new Interner();
    const pairsFirst = new Interner();
    pairsFirst.intern('cu0');
    for (const id of ['20.1', '20.2', '21.1']) pairsFirst.intern(id);
    const block = pairsFirst.export();
    const taken = fresh.absorb({ ...block, ends: block.ends.slice(1).map((end) => end - block.ends[0]), bytes: block.bytes.subarray(block.ends[0]), pairIds: block.pairIds.map((i) => i - 1), numbers: block.numbers.subarray(1) });
    expect(Array.from(taken, (index) => fresh.idOf(index))).toEqual(['20.1', '20.2', '21.1']);
    expect(['20.2', '21.1', '20.1', '20.3'].map((id) => fresh.intern(id))).toEqual([1, 2, 0, 3]);
  });

  it('keeps a UUID that ends in digits a UUID, whichever id came first, on both sides of an absorb', () => {
    // The second UUID is the first id ending in digits without a leading zero: a UUID, not a prefix and the number 1234.
    const numbered = '9cc4ab2b-30fe-4db6-a072-847e1e461234';
    const ids = ['03527c1a-dabd-496a-acbf-011f12c5b060', numbered, '9cc4ab2b-30fe-4db6-a072-847e1e465678'];
    const whole = new Interner();
    for (const id of ids) whole.intern(id);
    // A part that met another UUID first sends these as bits too.
    const part = new Interner();
    for (const id of ['5e0b8c2f-1111-4222-8333-444455556666', ...ids.slice(1).reverse()]) part.intern(id);
    const mapping = whole.absorb(part.export());
    expect(Array.from(mapping, (index) => whole.idOf(index))).toEqual(part.ids());
    expect([...mapping]).toEqual([3, 2, 1]);
    expect(whole.size).toBe(4);
    // An interner with no prefix takes them in without setting one.
    const fresh = new Interner();
    fresh.intern('not-a-number-id');
    expect(Array.from(fresh.absorb(part.export()), (index) => fresh.idOf(index))).toEqual(part.ids());
    expect(fresh.size).toBe(4);
  });
});
