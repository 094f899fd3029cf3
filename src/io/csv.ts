import { parse, type CsvError } from 'csv-parse';
import { DataError } from '../errors.js';
import type { OpenedInput } from './open.js';
import type { ReadOptions, ReadSummary, RecordHandler, RecordSink } from './records.js';

// CSV records as arrays (csv-parse's fastest mode, see DESIGN.md "The hot
// path"). The delimiter is detected from the header line; Excel's `sep=,`
// hint line is honoured and skipped.

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

export async function readCsv(input: OpenedInput, sink: RecordSink, options: ReadOptions): Promise<ReadSummary> {
  const iterator = input.chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new DataError({ file: input.name }, 'the file is empty; expected a header line');
  const head = typeof first.value === 'string' ? first.value.slice(0, 65536) : first.value.toString('utf8', 0, 65536);
  const dialect = detectDialect(head);

  const parser = parse({
    delimiter: dialect.delimiter,
    from_line: dialect.headerLine,
    skip_empty_lines: true,
    skip_records_with_error: options.skipInvalid,
  });
  let currentCells: string[] = [];
  const cursor = { line: (): number => parser.info.lines - newlinesIn(currentCells) };
  let handler: RecordHandler | undefined;
  let records = 0;
  let failure: unknown;

  return new Promise<ReadSummary>((resolve, reject) => {
    const fail = (error: unknown): void => {
      if (failure !== undefined) return;
      failure = error;
      parser.destroy();
      reject(error);
    };
    parser.on('data', (cells: string[]) => {
      try {
        if (handler === undefined) {
          const header = cells.map((h) => h.trim());
          handler = sink.begin({ file: input.name, format: 'csv', header, headerLine: dialect.headerLine }, cursor);
          return;
        }
        currentCells = cells;
        records++;
        handler(cells);
      } catch (error) {
        fail(error);
      }
    });
    parser.on('skip', (error: CsvError) => sink.skippedRecord?.(input.name, Number(error.lines), structuralProblem(error)));
    parser.on('error', (error: CsvError) => fail(translateCsvError(error, input.name)));
    parser.on('end', () => {
      if (failure !== undefined) return;
      if (handler === undefined) fail(new DataError({ file: input.name }, 'the file has no header line'));
      else resolve({ records });
    });
    void (async () => {
      try {
        for (let next: IteratorResult<Buffer | string> = first; !next.done; next = await iterator.next()) {
          if (failure !== undefined) break;
          if (!parser.write(next.value)) await new Promise((ok) => parser.once('drain', ok));
        }
        if (failure === undefined) parser.end();
        else await iterator.return?.();
      } catch (error) {
        fail(error);
      }
    })();
  });
}

function newlinesIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) count++;
  }
  return count;
}

function structuralProblem(error: CsvError): string {
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    // csv-parse says "expect 3, got 2": the header's field count, then the row's.
    const counts = /expect (\d+), got (\d+)/.exec(error.message);
    return counts
      ? `the row has ${counts[2]} fields but the header has ${counts[1]}; a row is never padded or cut`
      : 'the row has a different number of fields than the header; a row is never padded or cut';
  }
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed';
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE' || error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return 'a quote inside a field is not doubled (write "" for a literal quote)';
  }
  return error.message;
}

function translateCsvError(error: CsvError, file: string): DataError | Error {
  if (typeof error.code !== 'string' || !error.code.startsWith('CSV_')) return error;
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  return new DataError({ file, line }, structuralProblem(error), [
    'fix the row in the file, or pass --skip-invalid to leave such rows out (they are counted and reported)',
  ]);
}
