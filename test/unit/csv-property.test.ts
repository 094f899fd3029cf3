import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/io/read.js';

// The split path must give exactly csv-parse's records: generated files with
// quotes, doubled quotes, embedded delimiters and newlines, CRLF and blank
// lines, cut into random chunks, are read both ways and compared.

const field = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .]{0,6}$/),
  fc.stringMatching(/^[a-z,"\n]{1,6}$/).map((text) => `"${text.replace(/"/g, '""')}"`),
);

const csvFile = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: 0, max: 12 }),
    crlf: fc.boolean(),
    seedFields: fc.array(field, { minLength: 60, maxLength: 60 }),
    blankAfter: fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
    finalNewline: fc.boolean(),
  })
  .map(({ width, rows, crlf, seedFields, blankAfter, finalNewline }) => {
    const eol = crlf ? '\r\n' : '\n';
    const lines = [Array.from({ length: width }, (_, i) => `h${i}`).join(',')];
    for (let r = 0; r < rows; r++) {
      lines.push(Array.from({ length: width }, (_, c) => seedFields[(r * width + c) % seedFields.length]).join(','));
      if (blankAfter[r]) lines.push('');
    }
    return lines.join(eol) + (finalNewline ? eol : '');
  });

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
