import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnNotInHeader } from '../../src/io/json-columns.js';
import { NdjsonByteCells } from '../../src/io/ndjson-bytes.js';
import { CellBytes, cellAt, readingColumns } from '../../src/io/records.js';
import { withChunkBuffers } from '../helpers/chunk-loan.js';

// A line's members found in WebAssembly (ndjson-scan.wat lineMembers, over
// bytes in a thread's chunk memory) against the JavaScript of the same
// scanner (ndjson-bytes.ts, bytes anywhere else): line after line, the same
// cells for every column read, or both leave the line to JSON.parse. Lines
// keep their keys' order mostly, as exports do, so the WebAssembly takes
// most of them; now and then a key moves, is met twice, is escaped or is
// 16 bytes or more, and values are escaped, nested, spaced, cut or wrong.

const KEYS = ['id', 'event_timestamp', 'user_pseudo_id_of_the_device', 'n', 'nested', 'flag', 'x'];
/** Mostly values either side reads; now and then one the WebAssembly leaves to the JavaScript, or one that is wrong. */
const VALUES = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom('"cu12"', '"1726219814.1700005306"', '""', '"ünï ✓"', '"{not [nested]}"', '0', '-7', '3.25', '1e3', '123456789012345', 'true', 'false', 'null') },
  { weight: 1, arbitrary: fc.constantFrom('"a \\"quoted\\" word"', '"back\\\\slash"', '"\\u00e9"', '{"a":[1,"}"]}', '[{"key":"k","value":{"int_value":"3"}}]', '[]', '{}') },
  { weight: 1, arbitrary: fc.constantFrom('01', 'tru', '-', '', '1 2', '"x" "y"', '{"a":1', '"open') },
);
/** Now and then (1 in 12): a key's place, or null. */
const NOW_AND_THEN = fc.tuple(fc.nat({ max: 11 }), fc.nat({ max: KEYS.length - 2 })).map(([die, place]) => (die === 0 ? place : null));
/** A line: the keys in their order but for a swap now and then, a key twice or missing, spaces, a member not after a comma, the line cut short or more after it. */
const LINE = fc
  .record({
    values: fc.array(VALUES, { minLength: KEYS.length, maxLength: KEYS.length }),
    drop: NOW_AND_THEN,
    swap: NOW_AND_THEN,
    twice: NOW_AND_THEN,
    escapedKey: fc.nat({ max: 40 }).map((die) => die === 0),
    space: fc.constantFrom('', '', '', '', ' ', '\t'),
    cut: NOW_AND_THEN,
    after: NOW_AND_THEN,
    noComma: NOW_AND_THEN,
  })
  .map(({ values, drop, swap, twice, escapedKey, space, cut, after, noComma }) => {
    const members = KEYS.map((key, i) => `"${key}"${space}:${space}${values[i]}`);
    if (swap !== null) [members[swap], members[swap + 1]] = [members[swap + 1], members[swap]];
    // The id met again, a number now: JSON.parse keeps the last, where the first was a string taken as bytes.
    if (twice !== null) members.push('"id":7');
    if (drop !== null) members.splice(drop, 1);
    if (escapedKey) members.push('"w\\u00e9ird":1');
    const joined = members.map((member, i) => (i === 0 ? '' : `${space}${i === noComma ? ';' : ','}${space}`) + member).join('');
    const text = `${space}{${space}${joined}${space}}${space}${after === null ? '' : ['}', ' 1', ','][after % 3]}`;
    return cut === null ? text : text.slice(0, Math.max(1, text.length - cut));
  });

/** Each line's cells for the columns read (ids and times as bytes where strings), or 'parse' when the cutter leaves it to JSON.parse, or the error it throws. */
function cutLines(lines: string[], place: (text: string) => { bytes: Buffer; from: number; to: number }, closed = false): { seen: unknown[]; cutter: NdjsonByteCells } {
  const header = [...KEYS, 'late'];
  const used = [0, 1, 2, 3, 4, 5, 7];
  const taken = [0, 2].map((i) => new CellBytes(i));
  const cutter = new NdjsonByteCells(header, readingColumns(() => {}, used, { cellBytes: taken }), closed);
  const seen = lines.map((text) => {
    const { bytes, from, to } = place(text);
    try {
      const cells = cutter.cellsOf(bytes, from, to);
      return cells === undefined ? 'parse' : used.map((i) => cellAt(cells, i, taken.find((t) => t.column === i)));
    } catch (error) {
      return error instanceof ColumnNotInHeader ? `not in header: ${error.message}` : error;
    }
  });
  return { seen, cutter };
}

describe('lineMembers in WebAssembly', () => {
  it('gives the JavaScript scanner’s cells line after line, and takes most lines of a steady layout', () => {
    withChunkBuffers(1, 1 << 16, ([chunk]) => {
      let matched = 0;
      fc.assert(
        fc.property(fc.array(LINE, { minLength: 1, maxLength: 60 }), fc.nat({ max: 40 }), (lines, offset) => {
          const inMemory = cutLines(lines, (text) => {
            const written = chunk.write(text, offset);
            return { bytes: chunk, from: offset, to: offset + written };
          });
          const elsewhere = cutLines(lines, (text) => {
            const bytes = Buffer.from(`..${text}..`);
            return { bytes, from: 2, to: bytes.length - 2 };
          });
          expect(inMemory.seen).toEqual(elsewhere.seen);
          expect(elsewhere.cutter.matchedInWasm).toBe(0);
          matched += inMemory.cutter.matchedInWasm;
        }),
        { numRuns: 400 },
      );
      // The lines the WebAssembly took were held to the JavaScript's cells (not all lines left to it).
      expect(matched).toBeGreaterThan(500);
      // A steady layout: the first line teaches the keys' places, the WebAssembly reads the rest.
      const steady = Array.from({ length: 50 }, (_, i) => `{"id":"cu${i}","event_timestamp":"2026-01-0${1 + (i % 9)}","user_pseudo_id_of_the_device":${i},"n":-2.5,"nested":null,"flag":true,"x":{"skipped":["\\"q\\""]}}`);
      const { seen, cutter } = cutLines(steady, (text) => ({ bytes: chunk, from: 3, to: 3 + chunk.write(text, 3) }));
      expect(cutter.matchedInWasm).toBe(49);
      expect(seen[49]).toEqual(['cu49', '2026-01-05', 49, -2.5, null, true, undefined]);
    });
  });

  it('matches a key of any length byte for byte: one byte changed anywhere in it is another key', () => {
    withChunkBuffers(1, 4096, ([chunk]) => {
      for (let length = 0; length <= 40; length++) {
        const key = Array.from({ length }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
        const header = [key, 'n'];
        for (let changed = 0; changed < Math.max(1, length); changed++) {
          const other = length === 0 ? 'z' : `${key.slice(0, changed)}Z${key.slice(changed + 1)}`;
          const cutter = new NdjsonByteCells(header, readingColumns(() => {}, [0, 1]), false);
          const cells = [`{"${key}":1,"n":0}`, `{"${key}":2,"n":0}`, `{"${other}":3,"n":0}`].map((text) => {
            const row = cutter.cellsOf(chunk, 8, 8 + chunk.write(text, 8));
            return row === undefined ? 'parse' : [row[0], row[1]];
          });
          // The second line's key is the first's, at its place: read in WebAssembly. The third's is not the column.
          expect(cells, `key of ${length} bytes, byte ${changed} changed`).toEqual([[1, 0], [2, 0], [undefined, 0]]);
          expect(cutter.matchedInWasm).toBe(1);
        }
      }
    });
  });

  it('leaves a key that is no column to the JavaScript, which stops a closed reader there', () => {
    withChunkBuffers(1, 4096, ([chunk]) => {
      const line = (text: string) => ({ bytes: chunk, from: 0, to: chunk.write(text, 0) });
      const { seen, cutter } = cutLines(['{"id":"a","zz":1}', '{"id":"b","zz":2}', '{"id":"c","n":3}'], line, true);
      expect(seen[0]).toMatch(/not in header/);
      expect(seen[1]).toMatch(/not in header/);
      expect(seen[2]).toEqual(['c', undefined, undefined, 3, undefined, undefined, undefined]);
      expect(cutter.matchedInWasm).toBe(0);
    });
  });
});
