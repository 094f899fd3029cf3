import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledWat, WASM_DIR } from '../../scripts/wasm.mjs';
import { containerEnd, containerEndBytewise, lendChunkBuffers } from '../../src/io/chunk-memory.js';
import { NDJSON_SCAN_WASM } from '../../src/io/wasm/ndjson-scan-module.js';

// The NDJSON scanner's step over a nested value, in WebAssembly over the
// bytes of a thread's read chunks (chunk-memory.ts), against the JavaScript
// that steps a byte at a time: the same end for any bytes, wherever they sit
// against the sixteen-byte blocks, with quotes, backslashes (an escaped quote
// or bracket, a backslash at a block's edge) and brackets of either kind.

const bytesOf = (text: string): number[] => [...Buffer.from(text)];
/**
 * Bytes as in JSON text, mostly plain: with brackets rare a value spans
 * several blocks, and with backslashes rarer most blocks hold none (a block
 * that holds one is read a byte at a time), so both paths are tested.
 */
const LINE_BYTE = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...bytesOf(',:a1 é')) },
  { weight: 8, arbitrary: fc.constant(0x22) },
  { weight: 6, arbitrary: fc.constantFrom(...bytesOf('{}[]')) },
  { weight: 1, arbitrary: fc.constant(0x5c) },
);

describe('containerEnd in WebAssembly', () => {
  it('ends where the byte-at-a-time step ends, for any bytes at any offset', () => {
    const loan = lendChunkBuffers(2, 4096)!;
    expect(loan, 'WebAssembly is available on Node 20').toBeDefined();
    try {
      const [buffer] = loan.buffers;
      fc.assert(
        fc.property(
          fc.nat({ max: 40 }),
          fc.boolean(),
          fc.array(LINE_BYTE, { maxLength: 160, size: 'max' }),
          fc.nat({ max: 8 }),
          (offset, brace, rest, short) => {
            const line = Buffer.from([brace ? 0x7b : 0x5b, ...rest]);
            line.copy(buffer, offset);
            const to = offset + Math.max(1, line.length - short);
            expect(containerEnd(buffer, offset, to)).toBe(containerEndBytewise(line, 0, to - offset) + (containerEndBytewise(line, 0, to - offset) < 0 ? 0 : offset));
          },
        ),
        { numRuns: 3000 },
      );
    } finally {
      loan.giveBack();
    }
  });

  it('ends where the byte-at-a-time step ends for deep JSON values, whole or cut short', () => {
    const loan = lendChunkBuffers(2, 1 << 16)!;
    try {
      const [buffer] = loan.buffers;
      // Nested lists and objects as GA4 writes them: many blocks deeper than they close, where only the depth is counted.
      const nested = fc.letrec((tie) => ({
        value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string({ maxLength: 12 }), fc.integer(), tie('list'), tie('object')),
        list: fc.array(tie('value'), { maxLength: 5 }),
        object: fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 5 }),
      }));
      fc.assert(
        fc.property(fc.oneof(nested.list, nested.object), fc.nat({ max: 40 }), fc.nat({ max: 40 }), (value, offset, cut) => {
          const text = JSON.stringify(value);
          const line = Buffer.from(`${text},"after":[1]}`);
          line.copy(buffer, offset);
          const to = offset + Math.max(1, line.length - cut);
          const expected = containerEndBytewise(line, 0, to - offset);
          expect(containerEnd(buffer, offset, to)).toBe(expected < 0 ? expected : expected + offset);
          if (cut <= line.length - Buffer.byteLength(text)) expect(expected).toBe(Buffer.byteLength(text));
        }),
        { numRuns: 3000 },
      );
    } finally {
      loan.giveBack();
    }
  });

  it('a hand-worked line: brackets in strings, an escaped quote, the end past 16 bytes', () => {
    const loan = lendChunkBuffers(1, 4096)!;
    try {
      const [buffer] = loan.buffers;
      // {"a":"}]","b":["x\"}",{"c":1}],"d":2} — 37 bytes: the object's } is its last (36), the list is 14 to 29.
      const text = '{"a":"}]","b":["x\\"}",{"c":1}],"d":2} trailing';
      buffer.write(text, 5);
      expect(containerEnd(buffer, 5, 5 + text.length)).toBe(5 + 37);
      // The list inside it: from its [ to its ].
      expect(containerEnd(buffer, 5 + 14, 5 + text.length)).toBe(5 + 30);
      // Cut before the end: it does not close.
      expect(containerEnd(buffer, 5, 5 + 36)).toBe(-1);
    } finally {
      loan.giveBack();
    }
  });

  it('lends the memory to one reader at a time', () => {
    const loan = lendChunkBuffers(4, 1024)!;
    expect(lendChunkBuffers(4, 1024)).toBeUndefined();
    loan.giveBack();
    const again = lendChunkBuffers(4, 1024);
    expect(again).toBeDefined();
    again!.giveBack();
  });

  it('carries the module its text compiles to (npm run wasm after editing the .wat)', async () => {
    expect((await compiledWat(join(WASM_DIR, 'ndjson-scan.wat'))).toString('base64')).toBe(NDJSON_SCAN_WASM);
  });
});
