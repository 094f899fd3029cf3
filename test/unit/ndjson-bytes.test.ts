import { describe, expect, it } from 'vitest';
import { cellsOf, ColumnNotInHeader, ColumnUnion } from '../../src/io/json-columns.js';
import { NdjsonByteCells } from '../../src/io/ndjson-bytes.js';
import { ndjsonLayouts } from '../../src/io/ndjson-keys.js';
import { CellBytes, cellAt, readingColumns } from '../../src/io/records.js';

// NDJSON lines cut from their bytes (src/io/ndjson-bytes.ts) must give the
// cells JSON.parse and json-columns.ts give, for every column read: held to
// them on generated lines with escapes, nesting, GA4's key/value lists,
// numbers of every form, blanks, spaces and keys in changing order.

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['cu12', 'a "quoted" word', 'back\\slash', 'tab\there', 'line\nbreak', 'ünïcödé ✓', '日本語', '', '2026-03-01T10:00:00Z', 'null', ' padded '];
const NUMBERS = ['0', '-0', '12', '-7', '3.25', '1e3', '-2.5E-2', '123456789012345', '1234567890123456789', '0.1'];

function value(r: () => number, depth: number): string {
  const pick = r();
  if (pick < 0.35) return JSON.stringify(STRINGS[Math.floor(r() * STRINGS.length)]);
  if (pick < 0.6) return NUMBERS[Math.floor(r() * NUMBERS.length)];
  if (pick < 0.7) return ['true', 'false', 'null'][Math.floor(r() * 3)];
  if (pick < 0.8 && depth < 2) return `{"x": ${value(r, depth + 1)}, "y":${value(r, depth + 1)}}`;
  if (pick < 0.88) return `[{"key":"page","value":{"string_value":"/p/${Math.floor(r() * 9)}","int_value":null}},{"key":"n","value":{"string_value":null,"int_value":"${Math.floor(r() * 99)}"}}]`;
  if (pick < 0.93) return `[1, "two", {"three": 3}]`;
  return '{}';
}

function line(r: () => number): string {
  const keys = ['customer_id', 'time', 'event', 'amount', 'nested', 'params', 'deep'];
  const chosen = keys.filter(() => r() < 0.8);
  // Now and then a key with an escape, which is left to JSON.parse.
  if (r() < 0.05) chosen.push('w\\u00e9ird');
  // Keys in changing order now and then, as logs that add a key late do.
  if (r() < 0.2) chosen.reverse();
  const space = r() < 0.3 ? ' ' : '';
  const fields = chosen.map((key) => `"${key}":${space}${key === 'params' ? value(r, 1) : key === 'deep' ? `{"a":{"b":${value(r, 2)}}}` : value(r, 0)}`);
  return `${r() < 0.2 ? ' ' : ''}{${fields.join(`,${space}`)}}${r() < 0.2 ? ' \r' : ''}`;
}

describe('NDJSON cut from its bytes', () => {
  it('gives the cells JSON.parse gives, for every column read, on 2,000 generated lines', () => {
    const r = random(7);
    const lines = Array.from({ length: 2000 }, () => line(r));
    const union = new ColumnUnion();
    for (const text of lines) union.add(JSON.parse(text));
    const header = union.columns;
    const positions = new Map(header.map((column, index) => [column, index]));
    const nested = header.some((column) => column.includes('.'));
    // Every other column read, ids and times taken as bytes where they are strings.
    const used = header.map((_, i) => i).filter((i) => i % 2 === 0 || header[i] === 'customer_id');
    const taken = ['customer_id', 'time'].map((name) => header.indexOf(name)).filter((i) => i >= 0).map((i) => new CellBytes(i));
    const cutter = new NdjsonByteCells(header, readingColumns(() => {}, used, { cellBytes: taken }), false);
    let cut = 0;
    for (const text of lines) {
      const expected = cellsOf(JSON.parse(text), positions, header.length, nested);
      const bytes = Buffer.from(`xx${text}yy`);
      const cells = cutter.cellsOf(bytes, 2, bytes.length - 2);
      if (cells === undefined) continue;
      cut++;
      for (const i of used) {
        const bytesOf = taken.find((t) => t.column === i);
        const got = cellAt(cells, i, bytesOf);
        expect(got, `${header[i]} of ${text}`).toEqual(expected[i] === undefined ? undefined : expected[i]);
      }
    }
    // Lines with an escaped key are parsed instead; most are cut.
    expect(cut).toBeGreaterThan(1500);
  });

  it('reads nothing it cannot: not an object, malformed, a line cut short', () => {
    const cutter = new NdjsonByteCells(['a'], readingColumns(() => {}, [0]), false);
    const nearKeywords = ['nul', 'nulll', 'nulx', 'nuLl', 'NULL', 'True', 'truee', 'trux', 'fals', 'falsee', 'falsx', 'falSe'].map((word) => `{"a":${word}}`);
    for (const text of ['[1,2]', '"a"', '{"a":1', '{"a":1,}', '{"a":tru}', '{"a" 1}', '{"a":1} x', '{"a":01}', '{a:1}', ...nearKeywords]) {
      const bytes = Buffer.from(text);
      const cells = cutter.cellsOf(bytes, 0, bytes.length);
      let parsed = true;
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
      // What JSON.parse refuses is never read here; what is left to it, it reads or words.
      if (!parsed) expect(cells, text).toBeUndefined();
    }
  });

  it('a closed reader stops at a key that is no column (a part read with the columns of the file\'s start)', () => {
    const cutter = new NdjsonByteCells(['a', 'b.c'], readingColumns(() => {}, [0]), true);
    const ok = Buffer.from('{"a":1,"b":{"c":2}}');
    expect(cutter.cellsOf(ok, 0, ok.length)).toEqual([1, undefined]);
    const other = Buffer.from('{"a":1,"z":2}');
    expect(() => cutter.cellsOf(other, 0, other.length)).toThrow(ColumnNotInHeader);
  });
});

describe("an NDJSON file's columns from the layouts of its lines", () => {
  it('are the columns of parsing every line, on generated lines with nesting, parameters and nulls', async () => {
    const r = random(11);
    // An escaped key gives up the walk (below): none here.
    const lines = Array.from({ length: 2000 }, () => line(r)).filter((text) => !text.includes('\\u'));
    // Parameters whose names and null values change from line to line, as GA4's do.
    lines.push('{"params":[{"key":"late","value":{"string_value":null,"int_value":"3"}}],"nested":null}', '{"ecommerce":null}', '{"ecommerce":{"value":1}}');
    const parsed = new ColumnUnion();
    for (const text of lines) parsed.add(JSON.parse(text));
    const walked = new ColumnUnion();
    const chunks = (async function* () {
      const all = Buffer.from(lines.join('\n'));
      // Cut at odd places, as a stream's chunks fall.
      for (let at = 0; at < all.length; at += 997) yield all.subarray(at, at + 997);
    })();
    expect(await ndjsonLayouts(chunks, (record) => walked.add(record))).toBe(true);
    expect(walked.columns).toEqual(parsed.columns);
    expect(walked.columns).toContain('params.late');
    expect(walked.columns).toContain('ecommerce.value');
  });

  it('gives up on what it does not take, so that every line is parsed instead', async () => {
    const give = async (text: string) => ndjsonLayouts((async function* () { yield Buffer.from(text); })(), () => {});
    expect(await give('{"a\\u0062":1}\n')).toBe(false);
    expect(await give('[1,2]\n')).toBe(false);
    expect(await give('{"a":1\n')).toBe(false);
    expect(await give('{"a":1}\n\n  \n{"b":2}')).toBe(true);
  });
});
