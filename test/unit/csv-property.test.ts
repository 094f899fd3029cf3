import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/io/read.js';

// engage's own CSV paths (a native split for lines without quotes, a small
// quote-aware splitter for the others) must give exactly csv-parse's records:
// generated files with quotes, doubled quotes, embedded delimiters and
// newlines, CRLF and blank lines, cut into random chunks, are read both ways
// and compared. Malformed files (a stray quote, text after a closing quote, a
// quote never closed) must be rejected whenever csv-parse rejects them.

const field = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .]{0,6}$/),
  fc.stringMatching(/^[a-z,"\n\r]{1,6}$/).map((text) => `"${text.replace(/"/g, '""')}"`),
);
const malformed = fc.constantFrom('a"b', '"x"y', '"open', 'z"');

/** A file in one line ending throughout, as exports write them; `bad` replaces one field when given. */
function fileOf(withBad: boolean) {
  return fc
    .record({
      width: fc.integer({ min: 1, max: 4 }),
      rows: fc.integer({ min: 0, max: 12 }),
      crlf: fc.boolean(),
      seedFields: fc.array(field, { minLength: 60, maxLength: 60 }),
      blankAfter: fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
      finalNewline: fc.boolean(),
      bad: withBad ? malformed : fc.constant(undefined),
      badAt: fc.nat(),
    })
    .map(({ width, rows, crlf, seedFields, blankAfter, finalNewline, bad, badAt }) => {
      const eol = crlf ? '\r\n' : '\n';
      const lines = [Array.from({ length: width }, (_, i) => `h${i}`).join(',')];
      const badCell = bad === undefined || rows === 0 ? -1 : badAt % (rows * width);
      for (let r = 0; r < rows; r++) {
        lines.push(Array.from({ length: width }, (_, c) => (r * width + c === badCell ? bad! : seedFields[(r * width + c) % seedFields.length])).join(','));
        if (blankAfter[r]) lines.push('');
      }
      return lines.join(eol) + (finalNewline ? eol : '');
    });
}

const csvFile = fileOf(false);
const malformedFile = fileOf(true);

async function viaEngage(text: string, cuts: number[]): Promise<string[][]> {
  const rows: string[][] = [];
  const bytes = Buffer.from(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  await readInput('-', {
    begin() {
      return (cells) => rows.push([...(cells as string[])]);
    },
  }, { skipInvalid: false, stdin: Readable.from(chunks) });
  return rows;
}

describe('CSV reading agrees with csv-parse', () => {
  it('rejects what csv-parse rejects, and reads the same records where it does not', async () => {
    await fc.assert(
      fc.asyncProperty(malformedFile, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
        let expected: string[][] | undefined;
        try {
          expected = (parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][]).slice(1);
        } catch {
          expected = undefined;
        }
        let actual: string[][] | undefined;
        let failure: { exitCode?: number } | undefined;
        try {
          actual = await viaEngage(text, cuts);
        } catch (error) {
          failure = error as { exitCode?: number };
        }
        if (expected === undefined) expect(failure?.exitCode).toBe(65);
        else if (failure === undefined) expect(actual).toEqual(expected);
        // A row whose field count differs from the header is refused by engage, not by csv-parse.
        else expect(failure.exitCode).toBe(65);
      }),
      { numRuns: 300 },
    );
  });

  it('on generated files cut into random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
        const expected = (parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][]).slice(1);
        expect(await viaEngage(text, cuts)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
