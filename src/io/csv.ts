import { CsvError, parse, type Parser } from 'csv-parse';
import { StringDecoder } from 'node:string_decoder';
import { DataError } from '../errors.js';
import type { OpenedInput } from './open.js';
import type { ReadOptions, ReadSummary, RecordHandler, RecordSink } from './records.js';

// CSV records as arrays. Lines without a quote character are split by the
// engine's native String#split, about four times faster than csv-parse's
// byte loop (measured on the 2M-row benchmark file); records with quotes are
// read by a small quote-aware splitter of the same speed class. Anything
// that splitter does not take as well-formed (a stray quote, text after a
// closing quote, a quote never closed) hands the rest of the file to
// csv-parse, so its rules and its error messages stay the reference. The
// delimiter is detected from the header line; Excel's `sep=,` line is honoured.

const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvDialect {
  delimiter: string;
  /** 2 when the file starts with a `sep=` line. */
  headerLine: number;
}

export function detectDialect(head: string): CsvDialect {
  const firstLineEnd = head.search(/\r?\n/);
  const firstLine = firstLineEnd === -1 ? head : head.slice(0, firstLineEnd);
  const hint = /^sep=(.)\s*$/i.exec(firstLine);
  if (hint) return { delimiter: hint[1], headerLine: 2 };
  return { delimiter: mostFrequentDelimiter(firstLine), headerLine: 1 };
}

function mostFrequentDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * Records of a byte range of a UTF-8 CSV file that starts and ends at line
 * ends, read with the file's header: a part that a worker thread reads. It
 * says whether the part was clean (no record left open at its end, nothing
 * for csv-parse to judge); the caller reads the whole file again when not.
 */
export async function readCsvPart(
  chunks: AsyncIterable<Buffer>,
  file: string,
  delimiter: string,
  header: string[],
  later: boolean,
  sink: RecordSink,
  options: ReadOptions,
): Promise<{ records: number; clean: boolean }> {
  const records = new CsvRecords(file, { delimiter, headerLine: 0 }, sink, options, true, { header, later });
  for await (const chunk of chunks) {
    await records.push(chunk);
    if (records.unclean && records.hasParser) return { records: records.count, clean: false };
  }
  return { records: records.count, clean: !records.unclean };
}

export async function readCsv(input: OpenedInput, sink: RecordSink, options: ReadOptions): Promise<ReadSummary> {
  const iterator = input.chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new DataError({ file: input.name }, 'the file is empty; expected a header line');
  const head = typeof first.value === 'string' ? first.value.slice(0, 65536) : first.value.toString('utf8', 0, 65536);
  const dialect = detectDialect(head);
  // Old Mac files end lines with a lone CR: leave those to csv-parse entirely.
  const lineEnd = head.search(/[\r\n]/);
  const splitLines = lineEnd === -1 || head[lineEnd] === '\n' || head[lineEnd + 1] === '\n';
  const records = new CsvRecords(input.name, dialect, sink, options, splitLines);
  try {
    for (let next: IteratorResult<Buffer | string> = first; !next.done; next = await iterator.next()) {
      await records.push(next.value);
    }
    await records.end();
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  return { records: records.count };
}

class CsvRecords {
  count = 0;
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  /** Physical lines consumed by the split path so far. */
  private line = 0;
  private recordLine = 0;
  private parser: Parser | undefined;
  private parserLineOffset = 0;
  private parserCells: string[] = [];
  private parserFailure: unknown;
  /** Text for csv-parse that arrived before it was started. */
  private pendingParserText = '';
  private header: string[] | undefined;
  private handler: RecordHandler | undefined;
  /** 1 for each column the handler reads, once a whole record was handed on; undefined: every column. */
  private used: Uint8Array | undefined;
  private whole = false;
  private readonly cursor = {
    line: (): number =>
      this.parser === undefined ? this.recordLine : this.parserLineOffset + this.parser.info.lines - newlinesIn(this.parserCells),
  };

  constructor(
    private readonly file: string,
    private readonly dialect: CsvDialect,
    private readonly sink: RecordSink,
    private readonly options: ReadOptions,
    splitLines: boolean,
    /** A part of a file read on its own: the file's header, and no header line in the text. */
    part?: { header: string[]; later: boolean },
  ) {
    if (part !== undefined) {
      this.header = part.header;
      this.handler = sink.begin({ file, format: 'csv', header: part.header, headerLine: 0, part: part.later }, this.cursor);
    }
    if (!splitLines) this.startParser('');
  }

  get hasParser(): boolean {
    return this.parser !== undefined;
  }

  /** Whether the text ended inside a record, or was handed to csv-parse: a part that is not clean. */
  get unclean(): boolean {
    return this.pending !== '' || this.parser !== undefined;
  }

  async push(chunk: Buffer | string): Promise<void> {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.parser !== undefined) return this.write(text);
    const all = this.pending + text;
    let start = 0;
    // The next quote ahead, searched again only once the lines pass it.
    let quote = all.indexOf('"');
    for (let end = all.indexOf('\n'); end !== -1; end = all.indexOf('\n', start)) {
      if (quote === -1 || quote > end) {
        this.splitLine(all, start, end);
        start = end + 1;
        continue;
      }
      const next = this.quotedRecord(all, start);
      if (next === INCOMPLETE) break;
      if (next === MALFORMED) {
        this.pending = '';
        this.startParser(all.slice(start));
        return this.write('');
      }
      start = next;
      if (quote < start) quote = all.indexOf('"', start);
    }
    this.pending = start === 0 ? all : all.slice(start);
  }

  async end(): Promise<void> {
    const rest = this.decoder.end();
    if (this.parser === undefined) {
      const last = this.pending + rest;
      if (last.includes('"')) {
        // The last records, the final one perhaps without its line end.
        const all = last.endsWith('\n') ? last : `${last}\n`;
        this.pending = '';
        await this.push(all);
        if (this.parser === undefined && this.pending !== '') this.startParser(this.pending);
        if (this.parser === undefined) {
          this.finish();
          return;
        }
      } else {
        if (last !== '') this.splitLine(`${last}\n`, 0, last.length);
        this.finish();
        return;
      }
    } else if (rest !== '') {
      await this.write(rest);
    }
    await this.endParser();
    this.finish();
  }

  private splitLine(text: string, start: number, end: number): void {
    this.line++;
    if (text.charCodeAt(end - 1) === 13) end--; // CRLF
    if (end === start || this.line < this.dialect.headerLine) return;
    this.recordLine = this.line;
    this.record(this.fields(text, start, end));
  }

  /**
   * The fields of a line without quotes: cut one by one, which beats slicing
   * the line and splitting it, and only the columns the handler reads once it
   * has read one whole record (the others are left '').
   */
  private fields(text: string, start: number, end: number): string[] {
    const delimiter = this.dialect.delimiter;
    const used = this.used;
    const cells: string[] = [];
    for (let position = start, field = 0; ; field++) {
      let next = text.indexOf(delimiter, position);
      if (next === -1 || next > end) next = end;
      cells.push(used === undefined || used[field] === 1 ? text.slice(position, next) : '');
      if (next === end) return cells;
      position = next + 1;
    }
  }

  /**
   * One record that has a quote, from `start`: its cells are handed on and the
   * index after its line end returned; INCOMPLETE when the text ends inside
   * it, MALFORMED when csv-parse should judge it.
   */
  private quotedRecord(text: string, start: number): number {
    const delimiter = this.dialect.delimiter;
    const used = this.used;
    const cells: string[] = [];
    let i = start;
    for (;;) {
      // Columns the handler does not read are scanned over, not cut out.
      const wanted = used === undefined || used[cells.length] === 1;
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          // A quote at the very end may be the first of a doubled one: wait for the next chunk.
          if (close === -1 || close + 1 === text.length) return INCOMPLETE;
          if (text.charCodeAt(close + 1) === QUOTE) {
            if (wanted) value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          if (wanted) value += text.slice(from, close);
          i = close + 1;
          break;
        }
        cells.push(value);
      } else {
        const newline = text.indexOf('\n', i);
        if (newline === -1) return INCOMPLETE;
        let stop = text.indexOf(delimiter, i);
        if (stop === -1 || stop > newline) stop = newline;
        const fieldEnd = stop === newline && text.charCodeAt(stop - 1) === CR && stop > i ? stop - 1 : stop;
        for (let at = i; at < fieldEnd; at++) if (text.charCodeAt(at) === QUOTE) return MALFORMED;
        cells.push(wanted ? text.slice(i, fieldEnd) : '');
        i = stop;
      }
      const next = text.charCodeAt(i);
      if (text.startsWith(delimiter, i)) {
        i += delimiter.length;
        continue;
      }
      let end: number;
      if (next === LF) end = i + 1;
      else if (next === CR && text.charCodeAt(i + 1) === LF) end = i + 2;
      else return MALFORMED;
      // A record over several physical lines starts on the first of them.
      this.recordLine = this.line + 1;
      for (let at = text.indexOf('\n', start); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) this.line++;
      if (this.recordLine >= this.dialect.headerLine) this.record(cells);
      return end;
    }
  }

  /** One record; its line is asked of the cursor only when needed (header, errors). */
  private record(cells: string[]): void {
    if (this.header === undefined) {
      this.header = cells.map((h) => h.trim());
      this.handler = this.sink.begin({ file: this.file, format: 'csv', header: this.header, headerLine: this.cursor.line() }, this.cursor);
      return;
    }
    if (cells.length !== this.header.length) {
      const line = this.cursor.line();
      const problem = `the row has ${cells.length} fields but the header has ${this.header.length}; a row is never padded or cut`;
      if (!this.options.skipInvalid) throw new DataError({ file: this.file, line }, problem, [SKIP_HINT]);
      this.sink.skippedRecord?.(this.file, line, problem);
      return;
    }
    this.count++;
    this.handler!(cells);
    if (!this.whole) {
      this.whole = true;
      const columns = this.handler!.usedColumns;
      if (columns !== undefined) {
        this.used = new Uint8Array(this.header.length);
        for (const index of columns) if (index < this.used.length) this.used[index] = 1;
      }
    }
  }

  private finish(): void {
    if (this.header === undefined) throw new DataError({ file: this.file }, 'the file has no header line');
  }

  /** Hands the rest of the file, from `text` on, to csv-parse. */
  private startParser(text: string): void {
    this.parserLineOffset = this.line;
    const parser = parse({
      delimiter: this.dialect.delimiter,
      from_line: Math.max(1, this.dialect.headerLine - this.line),
      skip_empty_lines: true,
      // Field counts are checked against the header in record(), for both paths.
      relax_column_count: true,
      skip_records_with_error: this.options.skipInvalid,
    });
    parser.on('data', (cells: string[]) => {
      if (this.parserFailure !== undefined) return;
      try {
        this.parserCells = cells;
        this.record(cells);
      } catch (error) {
        this.parserFailure = error;
      }
    });
    let lastSkipped = -1;
    parser.on('skip', (error: CsvError) => {
      // csv-parse may report one broken line twice (once per field it gave up on).
      const line = this.parserLineOffset + Number(error.lines);
      if (line !== lastSkipped) this.sink.skippedRecord?.(this.file, line, structuralProblem(error));
      lastSkipped = line;
    });
    parser.on('error', (error: CsvError) => {
      this.parserFailure ??= translateCsvError(error, this.file, this.parserLineOffset);
    });
    this.parser = parser;
    this.pendingParserText = text;
  }

  private async write(text: string): Promise<void> {
    const parser = this.parser!;
    const all = this.pendingParserText + text;
    this.pendingParserText = '';
    if (all !== '' && !parser.write(all) && this.parserFailure === undefined) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          parser.off('drain', done);
          parser.off('error', done);
          resolve();
        };
        parser.on('drain', done);
        parser.on('error', done);
      });
    }
    this.throwParserFailure();
  }

  private async endParser(): Promise<void> {
    const parser = this.parser!;
    if (this.pendingParserText !== '') await this.write('');
    await new Promise<void>((resolve) => {
      parser.once('end', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });
    this.throwParserFailure();
  }

  private throwParserFailure(): void {
    if (this.parserFailure === undefined) return;
    this.parser?.destroy();
    throw this.parserFailure;
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const INCOMPLETE = -1;
const MALFORMED = -2;

const SKIP_HINT = 'fix the row in the file, or pass --skip-invalid to leave such rows out (they are counted and reported)';

function newlinesIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) count++;
  }
  return count;
}

function structuralProblem(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed';
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE' || error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return 'a quote inside a field is not doubled (write "" for a literal quote)';
  }
  if (error.code === 'INVALID_OPENING_QUOTE') return 'a quote in the middle of an unquoted field (quote the whole field and double the quote)';
  return error.message;
}

function translateCsvError(error: CsvError, file: string, lineOffset: number): DataError | Error {
  if (!(error instanceof CsvError)) return error;
  const line = typeof error.lines === 'number' ? lineOffset + error.lines : undefined;
  return new DataError({ file, line }, structuralProblem(error), [SKIP_HINT]);
}
