import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scannerOf } from '../../src/io/chunk-memory.js';
import { readInput } from '../../src/io/read.js';
import { withChunkBuffers } from '../helpers/chunk-loan.js';
import { tempDir } from '../helpers/cli.js';
import { CellBytes, cellAt, readingColumns, SAMPLE_RECORDS } from '../../src/io/records.js';

// engage's byte scanner must give exactly csv-parse's records: generated
// files with quotes, doubled quotes, embedded delimiters and newlines, CRLF
// and blank lines, four delimiters, text in several scripts, cut into random
// chunks (inside a character too), are read both ways and compared, with the
// cells taken as text, as counts and as bytes. Malformed files (a stray
// quote, text after a closing quote, a quote never closed) must be rejected
// whenever csv-parse rejects them, on the line csv-parse names. Chunks are
// read from ordinary buffers and from the thread's WebAssembly memory, where
// the delimiters and line ends are found by csv-index.wat: the same records
// either way.

const field = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .]{0,6}$/),
  fc.stringMatching(/^[a-z,"\n\r]{1,6}$/).map((text) => `"${text.replace(/"/g, '""')}"`),
  // Counts, which the scanner may read as numbers (up to 15 digits), quoted or not; text in several scripts.
  fc.stringMatching(/^[0-9]{1,17}$/),
  fc.stringMatching(/^[0-9]{1,4}$/).map((digits) => `"${digits}"`),
  fc.constantFrom('é', '日本語', 'naïve café', '🙂', '"ü,""x"', 'Ωmega'),
);
const malformed = fc.constantFrom('a"b', '"x"y', '"open', 'z"');

/** A file in one line ending throughout, as exports write them; `bad` replaces one field when given. */
function fileOf(withBad: boolean) {
  return fc
    .record({
      width: fc.integer({ min: 1, max: 4 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      // Short files, and files longer than the records a reader holds back as the sample.
      rows: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: SAMPLE_RECORDS - 1, max: SAMPLE_RECORDS + 6 })),
      crlf: fc.boolean(),
      seedFields: fc.array(field, { minLength: 60, maxLength: 60 }),
      blankAfter: fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
      finalNewline: fc.boolean(),
      bad: withBad ? malformed : fc.constant(undefined),
      badAt: fc.nat(),
      // A byte order mark, as Excel and Meta write one; a ragged row, one field short.
      bom: fc.boolean(),
      short: withBad ? fc.option(fc.nat(), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ width, delimiter: wanted, rows, crlf, seedFields, blankAfter, finalNewline, bad, badAt, bom, short }) => {
      // A one-column header shows no delimiter to detect: such a file is read as comma-separated.
      const delimiter = width === 1 ? ',' : wanted;
      const eol = crlf ? '\r\n' : '\n';
      const lines = [Array.from({ length: width }, (_, i) => `h${i}`).join(delimiter)];
      const badCell = bad === undefined || rows === 0 ? -1 : badAt % (rows * width);
      const shortRow = short === undefined || rows === 0 || width < 2 ? -1 : short % rows;
      for (let r = 0; r < rows; r++) {
        const cells = Array.from({ length: r === shortRow ? width - 1 : width }, (_, c) => (r * width + c === badCell ? bad! : seedFields[(r * width + c) % seedFields.length]));
        lines.push(cells.map((cell) => cell.replaceAll(',', delimiter)).join(delimiter));
        if (blankAfter[r % blankAfter.length]) lines.push('');
      }
      return { text: (bom ? '\uFEFF' : '') + lines.join(eol) + (finalNewline ? eol : ''), delimiter };
    });
}

const csvFile = fileOf(false);
const malformedFile = fileOf(true);

/**
 * The records engage reads from the text cut at `cuts`. With `counts`, the
 * handler says it reads every column as a count: from the second record on,
 * fields of 1 to 15 plain digits may then come as numbers. With `bytes`, it
 * takes every column as bytes, and each cell is the text of those bytes.
 */
async function viaEngage(text: string, cuts: number[], take: 'text' | 'counts' | 'bytes' = 'text', skipInvalid = false, inWasm = false): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  const read = (chunks: Buffer[]) => readChunks(chunks, take, skipInvalid, rows);
  const bytes = Buffer.from(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  // Each chunk copied into a buffer of the WebAssembly memory, as claimed-chunks.ts reads a file's chunks.
  const copied = (buffers: Buffer[]) => chunks.map((chunk, i) => buffers[i].subarray(0, chunk.copy(buffers[i])));
  await (inWasm ? withChunkBuffers(chunks.length, Math.max(1, ...chunks.map((c) => c.length)), (buffers) => read(copied(buffers))) : read(chunks));
  return rows;
}

/** A buffer of the WebAssembly memory, given back at once: the thread's scanner is found from it (a memory this big is not made again for smaller loans). */
function lendAndGiveBack(): Buffer {
  return withChunkBuffers(4, 1 << 20, ([buffer]) => buffer);
}

/** The records of `text` as engage reads them, in chunks from the WebAssembly memory or not (see viaEngage). */
async function bothWays(text: string, cuts: number[], take: 'text' | 'counts' | 'bytes', skipInvalid: boolean): Promise<unknown[][]> {
  const anywhere = await viaEngage(text, cuts, take, skipInvalid);
  expect(await viaEngage(text, cuts, take, skipInvalid, true)).toEqual(anywhere);
  return anywhere;
}

async function readChunks(chunks: Buffer[], take: 'text' | 'counts' | 'bytes', skipInvalid: boolean, rows: unknown[][]): Promise<void> {
  await readInput('-', {
    begin(header) {
      const all = header.header.map((_, i) => i);
      const bytes = take === 'bytes' ? all.map((i) => new CellBytes(i)) : undefined;
      return readingColumns((cells) => rows.push(cells.map((cell, i) => cellAt(cells, i, bytes?.[i]))), all, { counts: take === 'counts' ? all : undefined, cellBytes: bytes });
    },
  }, { skipInvalid, stdin: Readable.from(chunks) });
}

describe('CSV reading agrees with csv-parse', () => {
  it('gives the reused buffers back when a read by path stops at a bad row', async () => {
    // A ragged row a megabyte in: the read stops there, and the next read of the thread must still get the WebAssembly memory.
    const lines = Array.from({ length: 100_000 }, (_, r) => (r === 60_000 ? 'only-one-field' : `id${r},${r}`));
    const path = join(tempDir(), 'stops.csv');
    writeFileSync(path, `a,b\n${lines.join('\n')}\n`);
    const sink = { begin: () => readingColumns(() => undefined, [0, 1]) };
    await expect(readInput(path, sink, {})).rejects.toThrow(/the row has 1 fields but the header has 2/);
    expect(() => lendAndGiveBack()).not.toThrow();
  });

  it('reads a file by its path (chunks in a few reused buffers of the WebAssembly memory) as csv-parse does', async () => {
    // Eight megabytes: many times the four buffers claimedChunks reads into, with quoted fields across line and chunk ends, CRLF and blank lines.
    const lines = Array.from({ length: 200_000 }, (_, r) => (r % 97 === 0 ? `"multi\r\nline, ""${r}""",${r},x` : r % 89 === 0 ? '' : `id${r},${r % 1000},${'y'.repeat(r % 23)}`));
    const text = `a,b,c\r\n${lines.join('\r\n')}\r\n`;
    const path = join(tempDir(), 'reused-chunks.csv');
    writeFileSync(path, text);
    const rows: unknown[][] = [];
    const sink = {
      begin(header: { header: string[] }) {
        const all = header.header.map((_, i) => i);
        const bytes = all.map((i) => new CellBytes(i));
        return readingColumns((cells) => rows.push(cells.map((cell, i) => cellAt(cells, i, bytes[i]))), all, { cellBytes: bytes });
      },
    };
    await readInput(path, sink, {});
    expect(rows).toEqual((parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][]).slice(1));
  });

  it.each([0, 1, 2])('warms cell %i of the records ahead (CellBytes.warm) with that cell\'s bytes, and reads the same records', async (column) => {
    // Every cell unique; quoted lines and a line of another width stop the warming for a while, never the reading.
    const lines = Array.from({ length: 150_000 }, (_, r) => (r % 5003 === 11 ? `"q,${r}",cu${r},n${r}` : r === 77_777 ? `w,cu${r},x,extra` : `e${r},cu${r},n${r}`));
    const text = `event,id,n\n${lines.join('\n')}\n`;
    const path = join(tempDir(), 'warmed.csv');
    writeFileSync(path, text);
    const rows: unknown[][] = [];
    const warmed: string[] = [];
    const sink = {
      begin(header: { header: string[] }) {
        const all = header.header.map((_, i) => i);
        const bytes = all.map((i) => new CellBytes(i));
        bytes[column].warm = (chunk, from, to, count) => {
          for (let k = 0; k < count; k++) warmed.push(Buffer.from(chunk.subarray(from[k], to[k])).toString());
        };
        return readingColumns((cells) => rows.push(cells.map((cell, i) => cellAt(cells, i, bytes[i]))), all, { cellBytes: bytes });
      },
    };
    await readInput(path, sink, { skipInvalid: true });
    const expected = (parse(text, { relax_column_count: true }) as string[][]).slice(1).filter((row) => row.length === 3);
    expect(rows).toEqual(expected);
    // What was warmed is that cell of records, in their order, and of nearly all of them.
    const records = new Map(expected.map((row, i) => [row[column], i]));
    const places = warmed.map((cell) => records.get(cell) ?? -1);
    expect(places.filter((place, i) => place < 0 || (i > 0 && place <= places[i - 1]))).toEqual([]);
    expect(warmed.length).toBeGreaterThan(0.9 * expected.length);
  });

  it('cuts fields at the offsets csv-index.wat finds, in chunks of the WebAssembly memory', async () => {
    // The index is asked, and its records are the byte loop's: a file of unquoted, quoted and CRLF lines long enough for a full index.
    const lines = Array.from({ length: 30_000 }, (_, r) => (r % 1000 === 7 ? `"q,${r}",${r}\r` : `id${r},${r % 97},${r % 5 === 0 ? '' : 'x'}`));
    const text = `a,b,c\n${lines.map((line) => (line.startsWith('"') ? `${line.slice(0, -1)},z` : line)).join('\n')}\n`;
    const scanner = scannerOf(lendAndGiveBack());
    let offsets = 0;
    const csvIndex = scanner.csvIndex;
    scanner.csvIndex = (...args) => {
      const found = csvIndex(...args);
      offsets += found;
      return found;
    };
    try {
      const rows = await bothWays(text, [100_000, 200_003, 512_001], 'bytes', false);
      expect(rows).toEqual((parse(text, { relax_column_count: true }) as string[][]).slice(1));
    } finally {
      scanner.csvIndex = csvIndex;
    }
    // Most of the 90,000 delimiters and line ends came from the index, which goes on after each of the 30 quoted lines.
    expect(offsets).toBeGreaterThan(85_000);
  });

  it('rejects what csv-parse rejects, and reads the same records where it does not', async () => {
    await fc.assert(
      fc.asyncProperty(malformedFile, fc.array(fc.nat(), { maxLength: 8 }), async ({ text, delimiter }, cuts) => {
        let expected: string[][] | undefined;
        let parseError: { lines?: number } | undefined;
        try {
          expected = (parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, bom: true }) as string[][]).slice(1);
        } catch (error) {
          parseError = error as { lines?: number };
        }
        let actual: unknown[][] | undefined;
        let failure: { exitCode?: number; at?: { line?: number }; problem?: string } | undefined;
        try {
          actual = await viaEngage(text, cuts);
        } catch (error) {
          failure = error as typeof failure;
        }
        // From the WebAssembly memory: the same records, or the same fault on the same line.
        await viaEngage(text, cuts, 'text', false, true).then(
          (rows) => expect(rows).toEqual(actual),
          (error: NonNullable<typeof failure>) => expect([error.problem, error.at?.line]).toEqual([failure?.problem, failure?.at?.line]),
        );
        const ragged = /^the row has \d+ fields but the header has \d+/;
        if (parseError !== undefined) {
          expect(failure?.exitCode).toBe(65);
          // Lines are physical lines, counted by LF; csv-parse counts a CR inside quotes as a
          // line too, so its line is compared on files without CR.
          if (!text.includes('\r')) {
            // engage stops at the first fault: a ragged row before the bad quote is that fault.
            if (ragged.test(failure!.problem ?? '')) expect(failure!.at!.line!).toBeLessThanOrEqual(parseError.lines!);
            // Otherwise the line where csv-parse finds the fault in the whole file.
            else expect(failure!.at?.line).toBe(parseError.lines);
          }
        } else if (failure === undefined) expect(actual).toEqual(expected);
        else {
          // A row whose field count differs from the header is refused by engage, not by csv-parse.
          expect(failure.exitCode).toBe(65);
          expect(failure.problem).toMatch(ragged);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on generated files cut into random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom('text', 'counts', 'bytes'), async ({ text, delimiter }, cuts, take) => {
        const records = (parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, bom: true }) as string[][]).slice(1);
        // The sampled records are handed on whole, as text; counts may be numbers after them.
        const expected = take === 'counts' ? records.map((cells, r) => (r < SAMPLE_RECORDS ? cells : cells.map((cell) => (/^\d{1,15}$/.test(cell) ? Number(cell) : cell)))) : records;
        expect(await bothWays(text, cuts, take, false)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('with --skip-invalid, leaves out rows of another width anywhere (past the sample too) and reads every other row whole', async () => {
    // Past the sample every record is written to one reused array: a longer or shorter row must not leave cells in the next.
    const ragged = fc.record({
      width: fc.integer({ min: 2, max: 4 }),
      widths: fc.array(fc.constantFrom(-1, 0, 0, 0, 1), { minLength: 2 * SAMPLE_RECORDS, maxLength: 2 * SAMPLE_RECORDS + 20 }),
      seedFields: fc.array(field, { minLength: 30, maxLength: 30 }),
    });
    await fc.assert(
      fc.asyncProperty(ragged, fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom('text', 'counts', 'bytes'), async ({ width, widths, seedFields }, cuts, take) => {
        const header = Array.from({ length: width }, (_, i) => `h${i}`).join(',');
        const rows = widths.map((delta, r) => Array.from({ length: width + delta }, (_, c) => seedFields[(r * 5 + c) % seedFields.length]).join(','));
        const text = `${[header, ...rows].join('\n')}\n`;
        const records = (parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][]).slice(1).filter((cells) => cells.length === width);
        // A blank line is no record for either reader. The sample is the first records of the header's width, handed on whole.
        const expected = take === 'counts' ? records.map((cells, r) => (r < SAMPLE_RECORDS ? cells : cells.map((cell) => (/^\d{1,15}$/.test(cell) ? Number(cell) : cell)))) : records;
        expect(await bothWays(text, cuts, take, true)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
