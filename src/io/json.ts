import { DataError } from '../errors.js';
import { cellsOf, ColumnUnion } from './json-columns.js';
import { ndjsonLayouts } from './ndjson-keys.js';
import { NdjsonByteCells } from './ndjson-bytes.js';
import { scanNdjsonLines } from './ndjson-lines.js';
import type { InputFormat, OpenedInput } from './open.js';
import { SampleThenHand, type FileHeader, type ReadSummary, type RecordHandler, type RecordSink } from './records.js';

// A JSON array of objects or NDJSON, streamed: a small scanner finds where
// each top-level object starts and ends, so a large array never has to sit
// in memory whole and every record keeps the line it started on. The
// columns are the union of every object's keys (nested objects as dotted
// columns, see json-columns.ts), found by a first pass over the file, so that
// a key first seen late is read like any other.

interface Element {
  text: string;
  line: number;
}

/**
 * The columns of a JSON or NDJSON input: for NDJSON, from the lines of each
 * layout of keys found in its bytes (ndjson-keys.ts); else (or when that walk
 * gives up) one pass that parses every record, on the input opened again.
 */
export async function jsonColumns(first: OpenedInput, format: InputFormat, again: () => Promise<OpenedInput>): Promise<string[]> {
  if (format === 'ndjson') {
    const union = new ColumnUnion();
    if (await ndjsonLayouts(first.chunks, (record) => union.add(record))) return union.columns;
    return readJsonColumns(await again(), format);
  }
  return readJsonColumns(first, format);
}

/** The columns of a JSON or NDJSON input: one pass that parses every record and keeps their keys. */
async function readJsonColumns(input: OpenedInput, format: InputFormat): Promise<string[]> {
  const union = new ColumnUnion();
  await scanElements(input, format, (element) => union.add(parseRecord(input.name, element)));
  return union.columns;
}

/**
 * Records that come as objects (a Parquet file's rows, from DuckDB), read
 * like NDJSON in two passes: `objects` is called once for the columns and
 * once for the records. A row's line is its number (the first row is 1).
 */
export async function readObjects(file: string, format: InputFormat, objects: () => AsyncIterable<Record<string, unknown>>, sink: RecordSink): Promise<ReadSummary> {
  const union = new ColumnUnion();
  for await (const record of objects()) union.add(record);
  const records = new JsonRecords(file, format, sink, union.columns);
  let line = 0;
  for await (const record of objects()) records.addRecord(record, ++line);
  records.end();
  return { records: records.count };
}

export async function readJson(input: OpenedInput, format: InputFormat, sink: RecordSink, columns: string[]): Promise<ReadSummary> {
  const records = new JsonRecords(input.name, format, sink, columns);
  if (format === 'ndjson' && input.encoding === 'utf-8') await scanNdjsonLines(input.chunks as AsyncIterable<Buffer>, (bytes, from, to, line) => records.addLine(bytes, from, to, line));
  else await scanElements(input, format, (element) => records.add(element));
  records.end();
  if (records.count === 0 && format === 'ndjson') throw new DataError({ file: input.name }, 'the file has no JSON object; expected one object per line');
  return { records: records.count };
}

async function scanElements(input: OpenedInput, format: InputFormat, emit: (element: Element) => void): Promise<void> {
  const scanner = format === 'ndjson' ? new NdjsonScanner() : new ArrayScanner(input.name);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input.chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    scanner.push(text, emit);
  }
  scanner.end(decoder.decode(), emit);
}

/**
 * The records of a byte range of an NDJSON file that starts and ends at line
 * ends, read with the columns of the file's start (see readCsvPart). Any
 * fault, or a key those columns lack, ends the part as not clean; the caller
 * reads the whole file again on one thread, which finds every column in a
 * pass of its own and words any error. So a file whose keys are all at its
 * start (most logs) is read once.
 */
export async function readNdjsonPart(
  chunks: AsyncIterable<Buffer>,
  file: string,
  header: string[],
  later: boolean,
  sink: RecordSink,
  sample?: readonly (readonly unknown[])[],
): Promise<{ records: number; clean: boolean }> {
  const records = new JsonRecords(file, 'ndjson', sink, header, later, sample, true);
  try {
    await scanNdjsonLines(chunks, (bytes, from, to, line) => records.addLine(bytes, from, to, line));
  } catch {
    return { records: records.count, clean: false };
  }
  return { records: records.count, clean: true };
}

function parseRecord(file: string, element: Element): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(element.text);
  } catch (error) {
    const hint = element.text.startsWith('{') && !element.text.endsWith('}') ? ['a JSON file here is an array of objects, or one whole object per line (NDJSON); an object written over several lines is neither'] : [];
    throw new DataError({ file, line: element.line }, `not valid JSON (${(error as Error).message})`, hint);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError({ file, line: element.line }, 'expected an object with one key per column, like {"likes": 12}');
  }
  return value as Record<string, unknown>;
}

class JsonRecords {
  count = 0;
  private handler: RecordHandler | undefined;
  private sampler: SampleThenHand | undefined;
  /** The cutter of lines' bytes, made once the handler is known. */
  private byteCells: NdjsonByteCells | undefined;
  private line = 0;
  private readonly cursor = { line: (): number => (this.sampler !== undefined && this.sampler.replayLine >= 0 ? this.sampler.replayLine : this.line) };
  private readonly positions: Map<string, number>;
  /** Some columns are paths into nested objects (or keys with dots): each record is walked whole. */
  private readonly nested: boolean;

  constructor(
    private readonly file: string,
    private readonly format: InputFormat,
    private readonly sink: RecordSink,
    private readonly header: string[],
    /** A part of a file after its first: its first record is not the file's first. */
    later?: boolean,
    /** A part's sample: the file's first records. */
    sample?: readonly (readonly unknown[])[],
    /** The header is the keys of the file's start only: a record with another key ends the part (see readNdjsonPart). */
    private readonly closed = false,
  ) {
    this.positions = new Map(header.map((column, index) => [column, index]));
    this.nested = header.some((column) => column.includes('.'));
    if (later !== undefined) this.handler = sink.begin({ file, format, header, headerLine: 0, part: later, sample }, this.cursor);
  }

  /** Begins with the records held so far: at the end of the input, when there were fewer than a sample's worth. */
  end(): void {
    this.sampler?.start();
  }

  add(element: Element): void {
    this.addRecord(parseRecord(this.file, element), element.line);
  }

  /** A line of NDJSON as bytes: cut from them once the handler has said what it reads, else parsed. */
  addLine(bytes: Buffer, from: number, to: number, line: number): void {
    const handler = this.handler;
    if (handler !== undefined) {
      this.byteCells ??= new NdjsonByteCells(this.header, handler, this.closed);
      const cells = this.byteCells.cellsOf(bytes, from, to);
      if (cells !== undefined) {
        this.line = line;
        return this.hand(handler, cells);
      }
    }
    const text = bytes.toString('utf8', from, to).trim();
    if (text !== '') this.add({ text, line });
  }

  /** A record already parsed (a Parquet row as an object), on its line (its row number). */
  addRecord(record: Record<string, unknown>, line: number): void {
    this.line = line;
    const element = { line };
    const cells = cellsOf(record, this.positions, this.header.length, this.nested, this.closed);
    if (this.handler !== undefined) return this.hand(this.handler, cells);
    if (this.sampler === undefined) {
      const headerLine = element.line;
      this.sampler = new SampleThenHand(
        (sample) => this.sink.begin({ file: this.file, format: this.format, header: this.header, headerLine, sample } satisfies FileHeader, this.cursor),
        (handler, held) => this.hand(handler, held),
      );
    }
    this.sampler.add(cells, element.line);
  }

  private hand(handler: RecordHandler, cells: unknown[]): void {
    this.handler = handler;
    this.count++;
    handler(cells);
  }
}

class NdjsonScanner {
  private pending = '';
  private line = 1;

  push(text: string, emit: (element: Element) => void): void {
    // Lines are cut from the chunk by position; only the unfinished last one is kept for the next chunk.
    const all = this.pending + text;
    let start = 0;
    for (let newline = all.indexOf('\n'); newline !== -1; newline = all.indexOf('\n', start)) {
      this.emitLine(all.slice(start, newline), emit);
      start = newline + 1;
    }
    this.pending = start === 0 ? all : all.slice(start);
  }

  end(text: string, emit: (element: Element) => void): void {
    this.push(text, emit);
    if (this.pending !== '') this.emitLine(this.pending, emit);
    this.pending = '';
  }

  private emitLine(raw: string, emit: (element: Element) => void): void {
    const text = raw.trim();
    if (text !== '') emit({ text, line: this.line });
    this.line++;
  }
}

/** Splits `[ {...}, {...} ]` into its elements without parsing them. */
class ArrayScanner {
  private state: 'before' | 'between' | 'inside' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private element = '';
  private elementLine = 0;

  constructor(private readonly file: string) {}

  push(text: string, emit: (element: Element) => void): void {
    let start = this.state === 'inside' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\n') this.line++;
      if (this.state === 'inside') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (char === '\\') this.escaped = true;
          else if (char === '"') this.inString = false;
        } else if (char === '"') this.inString = true;
        else if (char === '{' || char === '[') this.depth++;
        else if (char === '}' || char === ']') {
          this.depth--;
          if (this.depth === 0) {
            emit({ text: this.element + text.slice(start, i + 1), line: this.elementLine });
            this.element = '';
            this.state = 'between';
          }
        }
        continue;
      }
      if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
      if (this.state === 'before') {
        if (char !== '[') this.unexpected(char, 'a JSON array "[" (or use .ndjson for one object per line)');
        this.state = 'between';
      } else if (this.state === 'between') {
        if (char === ',') continue;
        if (char === ']') {
          this.state = 'after';
          continue;
        }
        if (char !== '{') this.unexpected(char, 'an object "{" as an element of the array');
        this.state = 'inside';
        this.depth = 1;
        this.elementLine = this.line;
        start = i;
      } else {
        this.unexpected(char, 'nothing after the closing "]"');
      }
    }
    if (this.state === 'inside') this.element += text.slice(Math.max(start, 0));
  }

  end(text: string, emit: (element: Element) => void): void {
    this.push(text, emit);
    if (this.state === 'before') throw new DataError({ file: this.file }, 'the file is empty; expected a JSON array of objects');
    if (this.state !== 'after') throw new DataError({ file: this.file, line: this.line }, 'the JSON array is not closed with "]"');
  }

  private unexpected(char: string, expected: string): never {
    throw new DataError({ file: this.file, line: this.line }, `unexpected "${char}", expected ${expected}`);
  }
}
