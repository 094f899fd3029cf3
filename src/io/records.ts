import type { InputFormat } from './open.js';

// The shape every reader (CSV, JSON, NDJSON) hands records on in: a header
// once per file, then one array of cells per record, pushed rather than
// iterated because per-record async iteration is measurably slower.

export interface FileHeader {
  file: string;
  format: InputFormat;
  header: string[];
  /** Physical line of the header (2 when a `sep=,` line comes first); 0 in a part of a file. */
  headerLine: number;
  /** A part of a file read on its own (a worker's range): its first record is not the file's first. */
  part?: boolean;
  /** The header was given (--header), not read from the file. */
  given?: boolean;
  /**
   * The file's first records (up to SAMPLE_RECORDS), as the reader cut them,
   * before any is handed on: what the columns guessed from the header are
   * checked against. A part of a file carries the sample of the file's start.
   */
  sample?: readonly (readonly unknown[])[];
}

/** How many first records a reader holds back to show with the header (FileHeader.sample). */
export const SAMPLE_RECORDS = 50;

/**
 * Holds a reader's first records until SAMPLE_RECORDS are in (or the input
 * ends), then begins with them as the sample and hands them on in order,
 * with the cursor on each one's line while it is handled.
 */
export class SampleThenHand {
  private pending: { cells: unknown[]; line: number }[] | undefined = [];
  handler: RecordHandler | undefined;
  /** The line of the record being handed on from the sample; −1 otherwise. */
  replayLine = -1;

  constructor(
    private readonly begin: (sample: readonly (readonly unknown[])[]) => RecordHandler,
    private readonly hand: (handler: RecordHandler, cells: unknown[]) => void,
  ) {}

  add(cells: unknown[], line: number): void {
    if (this.handler !== undefined) return this.hand(this.handler, cells);
    this.pending!.push({ cells, line });
    if (this.pending!.length >= SAMPLE_RECORDS) this.start();
  }

  /** Begins with what was held (perhaps nothing): at the end of the input. */
  start(): void {
    if (this.handler !== undefined) return;
    const pending = this.pending!;
    this.pending = undefined;
    // Copies: a handler may fill cells of the records it is handed (an order's lines, a product).
    const handler = this.begin(pending.map((record) => [...record.cells]));
    this.handler = handler;
    try {
      for (const record of pending) {
        this.replayLine = record.line;
        this.hand(handler, record.cells);
      }
    } finally {
      this.replayLine = -1;
    }
  }
}

export interface RecordCursor {
  /** Physical line where the current record starts; computed only when asked. */
  line(): number;
}

/**
 * Called once per record; cells line up with the header. A handler may say
 * which columns it reads: a reader may then leave the others as '' from the
 * second record on (the first is whole, for export quirks that look at it).
 */
export type RecordHandler = ((cells: unknown[]) => void) & {
  usedColumns?: readonly number[];
  /** Columns read only as numbers (parseCount, parseAmount): a reader may hand plain digits there as the number they write. */
  countColumns?: readonly number[];
  /** Columns the handler can take as bytes (an id to intern, a timestamp to parse): a reader that scans bytes may fill these instead of the cells. */
  cellBytes?: readonly CellBytes[];
};

/**
 * One cell of the current record as bytes, valid while the handler runs. A
 * reader that scans bytes fills it for every record and leaves the cell ''
 * (`to` ≥ 0); other readers never fill it (`to` is −1): read the cell then.
 */
export class CellBytes {
  bytes: Buffer = Buffer.alloc(0);
  from = 0;
  to = -1;
  /** The field was quoted with doubled quotes inside: its text has them undone. */
  escaped = false;
  /**
   * The lookups the handler will make with this cell's bytes in the next
   * records, made ahead by a reader that knows where those cells are (the
   * CSV scanner, from its index): cell k is bytes[from[k], to[k]). Each is
   * a cache miss (a customer's slot among half a million, some 50 ns a row
   * in a funnel); made back to back, they overlap. It must change nothing
   * but what is in the cache: the reader may warm cells of records it then
   * does not hand on, or guess wrong where they are.
   */
  warm?: (bytes: Uint8Array, from: Int32Array, to: Int32Array, count: number) => void;
  constructor(readonly column: number) {}

  /** The cell is bytes[from, to) of this record (a reader that scans bytes hands it so). */
  point(bytes: Buffer, from: number, to: number, escaped: boolean): void {
    // Stored only when it is another chunk: a chunk is new (young) and the cell old, so each store took the write
    // barrier's slow path, three cells a row (2.5% of a funnel's samples).
    if (bytes !== this.bytes) this.bytes = bytes;
    this.from = from;
    this.to = to;
    this.escaped = escaped;
  }

  /** These bytes become those a reader gave for another cell (a fallback's stand-in column). */
  copyFrom(other: CellBytes): void {
    this.bytes = other.bytes;
    this.from = other.from;
    this.to = other.to;
    this.escaped = other.escaped;
  }

  /** The cell's text, as a reader that makes strings would have given it. */
  text(): string {
    const text = this.bytes.toString('utf8', this.from, this.to);
    return this.escaped ? text.replaceAll('""', '"') : text;
  }

  /**
   * Whether the bytes are the value as a handler reads the text: not empty,
   * nothing a trim would take off (ASCII visible characters at both ends),
   * no doubled quotes, and none of the blank words (NA, N/A, #N/A, null, -, —).
   */
  plain(): boolean {
    const { bytes, from, to } = this;
    if (to <= from || this.escaped) return false;
    const first = bytes[from];
    const last = bytes[to - 1];
    if (first <= 32 || first >= 127 || last <= 32 || last >= 127) return false;
    return to - from > 4 || !(first === 0x6e || first === 0x4e || first === 0x23 || first === 0x2d);
  }
}

/** Cell `index` of a record, from its bytes when a reader gave them (see CellBytes). */
export function cellAt(cells: readonly unknown[], index: number, bytes: CellBytes | undefined): unknown {
  return bytes !== undefined && bytes.column === index && bytes.to >= 0 ? bytes.text() : cells[index];
}

/** A handler that reads only these columns (undefined: all of them), and how it may take some of them (see RecordHandler). */
export function readingColumns(
  handler: (cells: unknown[]) => void,
  used: readonly number[] | undefined,
  takes: { counts?: readonly number[]; cellBytes?: readonly CellBytes[] } = {},
): RecordHandler {
  return Object.assign(handler, { usedColumns: used, countColumns: takes.counts, cellBytes: takes.cellBytes });
}

export interface RecordSink {
  begin(header: FileHeader, cursor: RecordCursor): RecordHandler;
  /** Records that --skip-invalid dropped for a structural reason (wrong field count). */
  skippedRecord?(file: string, line: number, problem: string): void;
}

export interface ReadOptions {
  /** Drop structurally bad records (reported to the sink) instead of failing. */
  skipInvalid: boolean;
  /** The sheet of a workbook to read; the first when undefined. */
  sheet?: string;
  /** --header: the names of a CSV file's columns, which has no header line (its first line is data). */
  header?: readonly string[];
}

export interface ReadSummary {
  records: number;
}
