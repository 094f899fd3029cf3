import { CsvError, parse, type Parser } from 'csv-parse';
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { DataError } from '../errors.js';
import { INDEX_AT, scannerOf, type Scanner } from './chunk-memory.js';
import type { OpenedInput } from './open.js';
import { SampleThenHand, type CellBytes, type ReadOptions, type ReadSummary, type RecordHandler, type RecordSink } from './records.js';

// CSV records as arrays, found by a scanner over the file's bytes: quotes,
// delimiters and line ends are single bytes in UTF-8, so structure needs no
// decoding; text is made only for the cells a command reads, and counts of
// plain digits are read from the bytes as numbers (see readingColumns).
// Anything the scanner does not take as well-formed (a stray quote, text
// after a closing quote, a quote never closed) hands the rest of the file to
// csv-parse, so its rules and its error messages stay the reference. The
// delimiter is detected from the header line; Excel's `sep=,` line is honoured.
// In a chunk read into the thread's WebAssembly memory, the delimiters and line
// ends of records without quotes are found there sixteen bytes at a time
// (wasm/csv-index.wat), and fields are cut at them (scanIndexed).

const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvDialect {
  delimiter: string;
  /** 2 when the file starts with a `sep=` line; 3 with a title line under it. */
  headerLine: number;
  /** The metric a one-metric export is of, from its title line ("Facebook follows"): the name of its value column. */
  title?: string;
}

export function detectDialect(head: string): CsvDialect {
  const [firstLine, secondLine, thirdLine] = head.split(/\r?\n/, 3);
  const hint = /^sep=(.)\s*$/i.exec(firstLine);
  if (!hint) return { delimiter: mostFrequentDelimiter(firstLine), headerLine: 1 };
  // Meta Business Suite's daily exports: sep=, then the metric's name, then "Date","Primary".
  const delimiter = hint[1];
  const title = /^"([^"]+)"\s*$/.exec(secondLine ?? '');
  const oneMetric = thirdLine !== undefined && unquoted(thirdLine, delimiter).map((h) => h.toLowerCase()).join('\n') === 'date\nprimary';
  if (title && oneMetric) return { delimiter, headerLine: 3, title: title[1].trim() };
  return { delimiter, headerLine: 2 };
}

/** The cells of a header line that has no delimiter inside quotes. */
function unquoted(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
}

/** The header, with a one-metric export's value column ("Primary") named by its title. */
function titled(header: string[], title: string | undefined): string[] {
  return title === undefined ? header : header.map((h) => (h.toLowerCase() === 'primary' ? title : h));
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
  sample?: readonly (readonly unknown[])[],
  /** The file's lines before the part's first byte (the header's, for the first part): its records' lines are the file's. */
  linesBefore = 0,
): Promise<{ records: number; clean: boolean }> {
  const records = new CsvRecords(file, { delimiter, headerLine: 0 }, sink, options, true, { header, later, sample, linesBefore });
  for await (const chunk of chunks) {
    await records.push(chunk);
    if (records.unclean && records.hasParser) return { records: records.count, clean: false };
  }
  return { records: records.count, clean: !records.unclean };
}

export async function readCsv(input: OpenedInput, sink: RecordSink, options: ReadOptions): Promise<ReadSummary> {
  const iterator = input.chunks[Symbol.asyncIterator]();
  // The dialect is read off the first line whole: a pipe may hand on the header in several chunks.
  const early: (Buffer | string)[] = [];
  let head = '';
  let lineEnd = -1;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    early.push(next.value);
    head += typeof next.value === 'string' ? next.value : next.value.toString('utf8');
    lineEnd = head.search(/[\r\n]/);
    if ((lineEnd !== -1 && lineEnd + 1 < head.length) || head.length >= 65536) break;
  }
  if (early.length === 0) throw new DataError({ file: input.name }, 'the file is empty; expected a header line');
  const dialect = detectDialect(head.slice(0, 65536));
  // Old Mac files end lines with a lone CR: leave those to csv-parse entirely.
  const scanLines = lineEnd === -1 || head[lineEnd] === '\n' || head[lineEnd + 1] === '\n';
  const records = new CsvRecords(input.name, dialect, sink, options, scanLines);
  try {
    for (const chunk of early) await records.push(chunk);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) await records.push(next.value);
    await records.end();
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  return { records: records.count };
}

class CsvRecords {
  count = 0;
  /** The start of a record that is not whole yet, carried to the next chunk. */
  private carry: Buffer = EMPTY;
  /** Physical lines consumed by the scanner so far. */
  private line = 0;
  private recordLine = 0;
  private readonly delimiter: number;
  /** Text for csv-parse, once it reads the rest of the file. */
  private readonly decoder = new StringDecoder('utf8');
  private parser: Parser | undefined;
  private parserLineOffset = 0;
  private parserCells: string[] = [];
  private parserFailure: unknown;
  /** Text for csv-parse that arrived before it was started. */
  private pendingParserText = '';
  private header: string[] | undefined;
  private handler: RecordHandler | undefined;
  /** The first records, held until the header begins with them (see SampleThenHand); undefined in a part. */
  private sampler: SampleThenHand | undefined;
  /** 1 for each column the handler reads, once a whole record was handed on; undefined: every column. */
  private used: Uint8Array | undefined;
  /** 1 for each column the handler reads as a count: plain digits there are handed on as numbers. */
  private counts: Uint8Array | undefined;
  /** The cells the handler takes as bytes (see CellBytes), by column, once a whole record was handed on. */
  private byBytes: (CellBytes | undefined)[] | undefined;
  /** A cell whose lookup is made ahead (CellBytes.warm), once a whole record was handed on. */
  private warmed: CellBytes | undefined;
  /** The chunk whose text was made, and that text (undefined when the chunk is not ASCII). */
  private textChunk: Buffer = EMPTY;
  private chunkText: string | undefined;
  private whole = false;
  /**
   * The one array every record's cells are written to once records go straight to the handler
   * (which keeps none: RecordHandler): an array a record was 170 bytes of garbage a row, and
   * collecting it was a seventh of a 10M-row read. Held records (the sample) get arrays of their own.
   */
  private readonly reused: unknown[] = [];
  private readonly cursor = {
    line: (): number =>
      this.sampler !== undefined && this.sampler.replayLine >= 0
        ? this.sampler.replayLine
        : this.parser === undefined
          ? this.recordLine
          : this.parserLineOffset + this.parser.info.lines - newlinesIn(this.parserCells),
  };

  constructor(
    private readonly file: string,
    private readonly dialect: CsvDialect,
    private readonly sink: RecordSink,
    private readonly options: ReadOptions,
    scanLines: boolean,
    /** A part of a file read on its own: the file's header, and no header line in the text. */
    part?: { header: string[]; later: boolean; sample?: readonly (readonly unknown[])[]; linesBefore?: number },
  ) {
    this.delimiter = dialect.delimiter.charCodeAt(0);
    if (part !== undefined) {
      this.header = part.header;
      this.line = part.linesBefore ?? 0;
      this.handler = sink.begin({ file, format: 'csv', header: part.header, headerLine: 0, part: part.later, sample: part.sample }, this.cursor);
    }
    if (!scanLines) this.startParser('');
  }

  get hasParser(): boolean {
    return this.parser !== undefined;
  }

  /** Whether the text ended inside a record, or was handed to csv-parse: a part that is not clean. */
  get unclean(): boolean {
    return this.carry.length > 0 || this.parser !== undefined;
  }

  async push(chunk: Buffer | string): Promise<void> {
    if (this.parser !== undefined) return this.write(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    // Text decoded from another encoding is scanned as UTF-8 bytes too: one scanner for every file.
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const from = this.finishCarried(bytes);
    const all = from < 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const stop = this.scan(all, Math.max(from, 0));
    if (stop < 0) {
      this.carry = EMPTY;
      this.startParser(this.decoder.write(all.subarray(-stop - 1)));
      return this.write('');
    }
    // A copy, so that the carried record does not keep the whole chunk alive.
    this.carry = stop === all.length ? EMPTY : Buffer.from(all.subarray(stop));
  }

  async end(): Promise<void> {
    if (this.parser === undefined) {
      const last = this.carry;
      this.carry = EMPTY;
      if (last.length === 0) return this.finish();
      // The last record, perhaps without its line end.
      const all = last[last.length - 1] === LF ? last : Buffer.concat([last, LF_BYTE]);
      const stop = this.scan(all);
      if (stop === all.length) return this.finish();
      // A quote never closed, or a record csv-parse should judge.
      this.startParser(this.decoder.write(all.subarray(stop < 0 ? -stop - 1 : stop)));
    }
    const rest = this.decoder.end();
    if (rest !== '') await this.write(rest);
    await this.endParser();
    this.finish();
  }

  /**
   * The record carried from the chunk before, finished with the new chunk's
   * bytes up to its first line end: where the rest of the chunk starts, or −1
   * when that line end is not the record's (a quoted field goes on, or the
   * record is for csv-parse) and the carry is to be joined with the whole
   * chunk. Joining just the line's end spares copying every chunk whole.
   */
  private finishCarried(bytes: Buffer): number {
    if (this.carry.length === 0) return 0;
    const lineEnd = bytes.indexOf(LF);
    if (lineEnd < 0) return -1;
    const joined = Buffer.concat([this.carry, bytes.subarray(0, lineEnd + 1)]);
    // Every line end in the carry is inside a quoted field, so the record ends here or not at all, and none is handed on if not.
    if (this.scan(joined) !== joined.length) return -1;
    this.carry = EMPTY;
    return lineEnd + 1;
  }

  /**
   * Hands on the whole records of `bytes` from `from`: returns the offset
   * after the last of them, or −(offset + 1) of a record csv-parse should
   * judge (a stray quote, text after a closing quote). Structure is found in
   * the bytes.
   */
  private scan(bytes: Buffer, from = 0): number {
    const scanner = scannerOf(bytes);
    let indexed = scanner !== undefined;
    // Bytes the index took, and the quotes that stopped it.
    let took = 0;
    let stops = 0;
    for (let start = from; start < bytes.length; ) {
      if (indexed) {
        const reached = this.scanIndexed(bytes, start, scanner!);
        // The index stopped at a quote, or inside the chunk's last record: that record is the byte loop's. Then the
        // index again, unless quotes keep stopping it after a few records (quoted fields on most lines).
        took += reached - start;
        indexed = ++stops <= 4 || took >= stops * INDEX_WORTH;
        start = reached;
        if (start >= bytes.length) break;
      }
      const end = this.scanRecord(bytes, start);
      if (end === INCOMPLETE) return start;
      if (end === MALFORMED) return -start - 1;
      start = end;
    }
    return bytes.length;
  }

  /**
   * The text of a cell. From an ASCII chunk it is cut from one string of the
   * chunk (byte offsets are string offsets then), made when a first cell of
   * the chunk needs text: a command whose cells are all numbers, ids,
   * timestamps or labels taken as bytes makes none.
   */
  private text(bytes: Buffer, from: number, to: number): string {
    if (bytes !== this.textChunk) {
      this.textChunk = bytes;
      this.chunkText = isAscii(bytes) ? bytes.toString('latin1') : undefined;
    }
    return this.chunkText === undefined ? bytes.toString('utf8', from, to) : this.chunkText.slice(from, to);
  }

  /**
   * One record from `start`: its cells handed on (a blank line is skipped)
   * and the offset after its line end returned; INCOMPLETE when the bytes end
   * inside it, MALFORMED when csv-parse should judge it. Fields are short: a
   * loop over the bytes beats a native search call per field.
   */
  private scanRecord(bytes: Buffer, start: number): number {
    const delimiter = this.delimiter;
    const length = bytes.length;
    const reuse = this.whole;
    const cells: unknown[] = reuse ? this.reused : [];
    let field = 0;
    // Line ends inside quoted fields: a record over several physical lines starts on the first of them.
    let innerLines = 0;
    let i = start;
    for (;;) {
      let from: number;
      let to: number;
      let quoted = false;
      let escaped = false;
      if (bytes[i] === QUOTE) {
        quoted = true;
        from = i + 1;
        let at = from;
        for (;;) {
          // A quote at the very end may be the first of a doubled one: wait for the next chunk.
          if (at + 1 >= length) return INCOMPLETE;
          const code = bytes[at];
          if (code === QUOTE) {
            if (bytes[at + 1] !== QUOTE) break;
            escaped = true;
            at += 2;
            continue;
          }
          if (code === LF) innerLines++;
          at++;
        }
        to = at;
        i = at + 1;
      } else {
        from = i;
        let at = i;
        for (;;) {
          if (at >= length) return INCOMPLETE;
          const code = bytes[at];
          if (code === delimiter || code === LF) break;
          if (code === QUOTE) return MALFORMED;
          at++;
        }
        i = at;
        // CRLF: the CR belongs to the line end, not to the last field.
        to = bytes[at] === LF && at > from && bytes[at - 1] === CR ? at - 1 : at;
      }
      this.cell(cells, field, bytes, from, to, escaped);
      field++;
      const next = bytes[i];
      if (next === delimiter) {
        i++;
        continue;
      }
      let end: number;
      if (next === LF) end = i + 1;
      else if (next === CR && bytes[i + 1] === LF) end = i + 2;
      else if (i + 1 >= length) return INCOMPLETE;
      else return MALFORMED;
      this.recordLine = this.line + 1;
      this.line += innerLines + 1;
      const blank = field === 1 && !quoted && from === to;
      if (!blank && this.recordLine >= this.dialect.headerLine) this.record(field === cells.length ? cells : this.cut(cells, field));
      return end;
    }
  }

  /**
   * The records from `start` whose delimiters and line ends the WebAssembly
   * found (csv-index.wat): fields are cut at those offsets, not found a byte
   * at a time. Returns where it stopped: the chunk's end, the start of the
   * record the bytes end inside, or of the first record with a quote, which
   * the byte loop reads.
   */
  private scanIndexed(bytes: Buffer, start: number, scanner: Scanner): number {
    const { index } = scanner;
    const base = bytes.byteOffset;
    const length = bytes.length;
    const delimiter = this.delimiter;
    let record = start;
    for (;;) {
      const from = record;
      const found = scanner.csvIndex(base + record, base + length, delimiter, INDEX_AT, index.length - 1);
      const stopped = index[0] - base;
      let p = 1;
      // Records warmed ahead (CellBytes.warm): up to index position warmTo; the next batch is warmed when p passes warmMark.
      let warmTo = 1;
      let warmMark = 1;
      const warmed = this.warmed;
      records: for (;;) {
        if (warmed !== undefined && p >= warmMark) {
          warmMark = warmTo;
          warmTo = this.warmAhead(warmed, bytes, base, index, warmTo, found, record);
        }
        const cells: unknown[] = this.whole ? this.reused : [];
        let cellStart = record;
        let field = 0;
        for (;;) {
          if (p > found) break records;
          const at = index[p++] - base;
          if (bytes[at] === delimiter) {
            this.cell(cells, field++, bytes, cellStart, at, false);
            cellStart = at + 1;
            continue;
          }
          // A line feed; with CRLF, the CR belongs to the line end, not to the last field.
          const to = at > cellStart && bytes[at - 1] === CR ? at - 1 : at;
          this.cell(cells, field++, bytes, cellStart, to, false);
          this.recordLine = ++this.line;
          const blank = field === 1 && cellStart === to;
          if (!blank && this.recordLine >= this.dialect.headerLine) this.record(field === cells.length ? cells : this.cut(cells, field));
          record = at + 1;
          break;
        }
      }
      // The index was full: on from the record it stopped inside, unless that record alone filled it.
      if (stopped >= length || bytes[stopped] === QUOTE || record === from) return record;
    }
  }

  /** Where the warmed cells are (see warmAhead). */
  private readonly warmFrom = new Int32Array(WARM_RECORDS);
  private readonly warmTo = new Int32Array(WARM_RECORDS);

  /**
   * Warms cell `warmed` of the WARM_RECORDS records whose offsets start at
   * index[p] (the record starts after index[p − 1], or at the batch's start):
   * returns the index position after them.
   */
  private warmAhead(warmed: CellBytes, bytes: Buffer, base: number, index: Int32Array, p: number, found: number, batchStart: number): number {
    const column = warmed.column;
    const width = this.header!.length;
    const { warmFrom, warmTo } = this;
    let records = 0;
    // Records of the header's width: record k's offsets are at p + k × width on, its last a line end. Another
    // record stops the warming (it is a hint: a wrong guess only warms another slot).
    for (let q = p; records < WARM_RECORDS && q + width - 1 <= found; q += width) {
      if (bytes[index[q + width - 1] - base] !== LF) break;
      warmFrom[records] = column > 0 ? index[q + column - 1] - base + 1 : q === 1 ? batchStart : index[q - 1] - base + 1;
      warmTo[records++] = index[q + column] - base;
    }
    if (records > 0) warmed.warm!(bytes, warmFrom, warmTo, records);
    return p + records * width;
  }

  /** A field's cell: a handler's bytes, a count, '' for a column not read, else its text. */
  private cell(cells: unknown[], field: number, bytes: Buffer, from: number, to: number, escaped: boolean): void {
    const taken = this.byBytes?.[field];
    if (taken !== undefined) {
      taken.point(bytes, from, to, escaped);
      cells[field] = '';
      return;
    }
    const number = !escaped && this.counts !== undefined && this.counts[field] === 1 ? plainDigits(bytes, from, to) : -1;
    if (number >= 0) cells[field] = number;
    else if (this.used !== undefined && this.used[field] !== 1) cells[field] = '';
    else {
      const value = this.text(bytes, from, to);
      cells[field] = escaped ? value.replaceAll('""', '"') : value;
    }
  }

  /** A record of another width than the array it was written to (the reused one holds the last record's): its own cells. */
  private cut(cells: unknown[], fields: number): unknown[] {
    const record = cells.slice(0, fields);
    if (cells === this.reused) cells.length = this.header?.length ?? 0;
    return record;
  }

  /** One record; its line is asked of the cursor only when needed (header, errors). */
  /** Cells are strings, but numbers where the handler reads counts (see fields). */
  private record(cells: unknown[]): void {
    if (this.header === undefined) {
      const given = this.options.header;
      const header = given === undefined ? titled((cells as string[]).map((h) => h.trim()), this.dialect.title) : [...given];
      this.header = header;
      // A header given with --header stands on no line: the first line is a record.
      const headerLine = given === undefined ? this.cursor.line() : 0;
      this.sampler = new SampleThenHand(
        (sample) => this.sink.begin({ file: this.file, format: 'csv', header, headerLine, given: given !== undefined, sample }, this.cursor),
        (handler, record) => this.hand(handler, record),
      );
      if (given === undefined) return;
    }
    if (cells.length !== this.header.length) {
      const line = this.cursor.line();
      const problem = `the row has ${cells.length} fields but the header has ${this.header.length}; a row is never padded or cut`;
      if (!this.options.skipInvalid) throw new DataError({ file: this.file, line }, problem, [SKIP_HINT]);
      this.sink.skippedRecord?.(this.file, line, problem);
      return;
    }
    if (this.handler !== undefined) this.hand(this.handler, cells);
    else this.sampler!.add(cells, this.cursor.line());
  }

  private hand(handler: RecordHandler, cells: unknown[]): void {
    this.handler = handler;
    this.count++;
    handler(cells);
    if (!this.whole) {
      this.whole = true;
      const width = this.header!.length;
      const columns = handler.usedColumns;
      if (columns !== undefined) {
        this.used = new Uint8Array(width);
        for (const index of columns) if (index < this.used.length) this.used[index] = 1;
      }
      const takes = handler.cellBytes;
      if (takes !== undefined && takes.length > 0) {
        this.byBytes = new Array<CellBytes | undefined>(width).fill(undefined);
        for (const cell of takes) if (cell.column < this.byBytes.length) this.byBytes[cell.column] = cell;
        this.warmed = takes.find((cell) => cell.warm !== undefined && cell.column < width);
      }
      const counts = handler.countColumns;
      if (counts !== undefined && counts.length > 0) {
        this.counts = new Uint8Array(width);
        for (const index of counts) if (index < this.counts.length) this.counts[index] = 1;
      }
    }
  }

  private finish(): void {
    if (this.header === undefined) throw new DataError({ file: this.file }, 'the file has no header line');
    this.sampler?.start();
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
const DIGIT_0 = 48;
const EMPTY = Buffer.alloc(0);
const LF_BYTE = Buffer.from('\n');
const LF = 10;
const CR = 13;
const INCOMPLETE = -1;
/** Past a chunk's first few quotes, the bytes the index must take per quote for it to be asked again after each quoted record. */
const INDEX_WORTH = 512;
const MALFORMED = -2;
/** Records warmed ahead at a time (CellBytes.warm): enough misses to overlap, few enough to stay in the cache until used. */
const WARM_RECORDS = 256;

const SKIP_HINT = 'fix the row in the file, or pass --skip-invalid to leave such rows out (they are counted and reported)';

/** The number a field of 1 to 15 plain digits writes, or −1 when it is anything else (cut as text, judged by the handler). */
function plainDigits(bytes: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let at = from; at < to; at++) {
    const digit = bytes[at] - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

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
