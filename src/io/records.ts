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
  /** A column the handler can take as bytes (an id to intern): a reader that scans bytes may fill it instead of the cell. */
  cellBytes?: CellBytes;
};

/**
 * The bytes of one cell of the current record, valid while the handler runs.
 * A reader that scans bytes fills them for every record and leaves that
 * cell '' when they hold its value: text with nothing to trim and no blank
 * word, quotes taken off. `to` is −1 when the cell is to be read as text.
 */
export class CellBytes {
  bytes: Uint8Array = new Uint8Array(0);
  from = 0;
  to = -1;
  constructor(readonly column: number) {}
}

/** A handler that reads only these columns (undefined: all of them), and how it may take some of them (see RecordHandler). */
export function readingColumns(
  handler: (cells: unknown[]) => void,
  used: readonly number[] | undefined,
  takes: { counts?: readonly number[]; cellBytes?: CellBytes } = {},
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
}

export interface ReadSummary {
  records: number;
}
