import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { detectDialect } from './csv.js';
import { jsonColumns } from './json.js';
import { cellsOf, ColumnUnion } from './json-columns.js';
import { openInput } from './open.js';
import { SAMPLE_RECORDS } from './records.js';

// The head of a file to split: its header, where its records start, and
// nothing unusual (gzip, a workbook, UTF-16, a header csv-parse must read);
// anything unusual is answered undefined and the file is read on one thread.

export interface Head {
  header: string[];
  headerLine: number;
  delimiter: string;
  /** The byte where the first record after the header starts. */
  dataStart: number;
  /** The byte where the text starts (after a byte order mark): the first record, when the header is given (--header). */
  textStart: number;
  /** The first records after the header, as the one-thread reader holds them back (FileHeader.sample). */
  sample: unknown[][];
  /** The same from the first line on: the sample when the header is given (--header). */
  sampleFromStart: unknown[][];
}

/** The header of a plain UTF-8 CSV file (no gzip, no workbook, no quotes in the header line). */
export async function headOf(path: string): Promise<Head | undefined> {
  return headOfBytes(await firstBytes(path));
}

/** The header of a plain UTF-8 CSV text from its first bytes; dataStart counts in those bytes. */
export function headOfBytes(buffer: Buffer): Head | undefined {
  if (buffer[0] === 0x1f && buffer[1] === 0x8b) return undefined;
  if (buffer[0] === 0x50 && buffer[1] === 0x4b) return undefined;
  if (buffer[0] === 0xff || buffer[0] === 0xfe || buffer[0] === 0xd0) return undefined;
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  let lineStart = bom;
  const text = buffer.toString('utf8', bom);
  const dialect = detectDialect(text);
  // A one-metric export (Meta's title line) is small: it is read on one thread, which names its value column.
  if (dialect.title !== undefined) return undefined;
  for (let line = 1; ; line++) {
    const end = buffer.indexOf(0x0a, lineStart);
    if (end === -1) return undefined;
    if (line === dialect.headerLine) {
      let headerText = buffer.toString('utf8', lineStart, end);
      if (headerText.endsWith('\r')) headerText = headerText.slice(0, -1);
      const header = headerCells(headerText, dialect.delimiter);
      if (header === undefined) return undefined;
      const fromStart = sampleRecords(buffer, bom, dialect.delimiter);
      if (fromStart === undefined) return undefined;
      const sample = sampleRecords(buffer, end + 1, dialect.delimiter);
      if (sample === undefined) return undefined;
      return { header, headerLine: line, delimiter: dialect.delimiter, dataStart: end + 1, textStart: bom, sample, sampleFromStart: fromStart };
    }
    lineStart = end + 1;
  }
}

/**
 * The columns of an NDJSON file (a .json file too, when it holds one object
 * per line): the union of every object's keys, found by reading it whole, as
 * the one-thread reader does; or (`whole` false) of the objects of its first
 * 64 KB, for parts that stop on a key those lack. Undefined for gzip or
 * anything else.
 */
export async function ndjsonHeadOf(path: string, whole = true): Promise<(Head & { nested: boolean }) | undefined> {
  return ndjsonHeadOfBytes(await firstBytes(path), whole ? path : undefined);
}

/** The same from a file's first bytes (a gzip file's, inflated); the columns of all its objects when its path is given, else of those bytes' objects. */
export async function ndjsonHeadOfBytes(buffer: Buffer, wholeOf?: string): Promise<(Head & { nested: boolean }) | undefined> {
  if (buffer[0] === 0x1f && buffer[1] === 0x8b) return undefined;
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  if (buffer[bom] !== 0x7b) return undefined;
  try {
    const lines = buffer.toString('utf8', bom, buffer.lastIndexOf(0x0a) + 1).split('\n').filter((line) => line.trim() !== '');
    const columns = wholeOf !== undefined ? await jsonColumns(await openInput(wholeOf), 'ndjson', () => openInput(wholeOf)) : startColumns(lines);
    const positions = new Map(columns.map((column, index) => [column, index]));
    const nested = columns.some((column) => column.includes('.'));
    const sample = lines.slice(0, SAMPLE_RECORDS).map((line) => cellsOf(JSON.parse(line) as Record<string, unknown>, positions, columns.length, nested));
    return { header: columns, headerLine: 1, delimiter: ',', dataStart: 0, textStart: 0, sample, sampleFromStart: sample, nested };
  } catch {
    return undefined;
  }
}

/** The columns of the objects on the whole lines of a file's start. */
function startColumns(lines: readonly string[]): string[] {
  const union = new ColumnUnion();
  for (const line of lines) union.add(JSON.parse(line) as Record<string, unknown>);
  return union.columns;
}

/** The first 64 KB of a gzip file's content (or fewer, at its end). */
export async function gunzippedFirstBytes(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= 1 << 16) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, 1 << 16);
}

/** The file's first 64 KB, where its header and first record are. */
async function firstBytes(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(1 << 16);
    const { bytesRead } = await file.read(bytes, 0, bytes.length, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * The first records (up to SAMPLE_RECORDS) of the whole lines of `buffer`
 * from `start`, cut as the one-thread reader cuts them (cells untrimmed,
 * blank lines skipped); undefined where csv-parse cannot read them (a quoted
 * field the 64 KB cut short, say): that file is read on one thread.
 */
function sampleRecords(buffer: Buffer, start: number, delimiter: string): unknown[][] | undefined {
  const end = buffer.lastIndexOf(0x0a) + 1;
  if (end <= start) return [];
  try {
    const records = parse(buffer.toString('utf8', start, end), { delimiter, skip_empty_lines: true, relax_column_count: true, to: SAMPLE_RECORDS }) as string[][];
    return records;
  } catch {
    return undefined;
  }
}

/**
 * The names of a header line, read by csv-parse (the reference the one-thread
 * reader follows) and trimmed as it trims them; undefined for a blank or
 * malformed line (the one-thread reader then judges the file).
 */
function headerCells(text: string, delimiter: string): string[] | undefined {
  if (text.trim() === '') return undefined;
  try {
    const [cells] = parse(text, { delimiter }) as string[][];
    return cells?.map((cell) => cell.trim());
  } catch {
    return undefined;
  }
}
