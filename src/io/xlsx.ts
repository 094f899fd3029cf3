import type ExcelJS from 'exceljs';
import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../errors.js';
import { SampleThenHand, type FileHeader, type ReadSummary, type RecordSink } from './records.js';

// Excel workbooks (.xlsx), read with exceljs's streaming WorkbookReader: one
// sheet's rows are handed on as they are unzipped and parsed, so a large
// workbook never sits in memory whole. Cell types are kept: numbers stay
// numbers, dates become wall-clock text read in --tz (Excel dates have no
// zone), formulas give their cached result. The header is the first row
// with a value; lines are the sheet's row numbers.

export async function readXlsx(path: string, sink: RecordSink, options: { sheet?: string }): Promise<ReadSummary & { sheet: string }> {
  await assertFile(path);
  // Imported here, not at the top: the CLI's bundle would otherwise load exceljs on every run.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  const seen: string[] = [];
  // What the sink throws (bad data, or "enough rows") goes on as it is; only the workbook's own faults are wrapped.
  const guarded = guard(sink);
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      seen.push(name);
      if (options.sheet !== undefined && name.trim().toLowerCase() !== options.sheet.trim().toLowerCase()) continue;
      const records = await readSheet(worksheet as AsyncIterable<ExcelJS.Row>, `${path} [${name}]`, guarded.sink);
      return { records, sheet: name };
    }
  } catch (error) {
    if (guarded.threw(error)) throw error;
    throw new InputError(`cannot read ${path} as an Excel workbook: ${(error as Error).message}`, ['save it again as .xlsx, or as CSV']);
  }
  if (options.sheet !== undefined) {
    throw new UsageError(`--sheet "${options.sheet}": ${path} has no such sheet`, [`its sheets: ${seen.map((s) => `"${s}"`).join(', ')}`]);
  }
  throw new InputError(`${path} has no sheet`);
}

/** The sink, remembering what it threw. */
function guard(sink: RecordSink): { sink: RecordSink; threw: (error: unknown) => boolean } {
  const thrown = new Set<unknown>();
  const passing = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      thrown.add(error);
      throw error;
    }
  };
  return {
    sink: {
      begin: (header, cursor) => {
        const handler = passing(() => sink.begin(header, cursor));
        return (cells) => passing(() => handler(cells));
      },
    },
    threw: (error) => thrown.has(error),
  };
}

async function readSheet(rows: AsyncIterable<ExcelJS.Row>, file: string, sink: RecordSink): Promise<number> {
  let header: string[] | undefined;
  let sampler: SampleThenHand | undefined;
  let line = 0;
  let count = 0;
  const cursor = { line: () => (sampler !== undefined && sampler.replayLine >= 0 ? sampler.replayLine : line) };
  for await (const row of rows) {
    line = row.number;
    const values = (row.values as unknown[]).slice(1).map(cellValue);
    if (header === undefined) {
      if (values.every((v) => v === '')) continue;
      header = values.map((v) => String(v).trim());
      const fields = header;
      const headerLine = line;
      sampler = new SampleThenHand(
        (sample) => sink.begin({ file, format: 'xlsx', header: fields, headerLine, sample } satisfies FileHeader, cursor),
        (handler, cells) => {
          count++;
          handler(cells);
        },
      );
      continue;
    }
    // Sheets leave trailing cells out: a row is as wide as the header, never wider with text.
    if (values.every((v) => v === '')) continue;
    const cells = header.map((_, i) => (i < values.length ? values[i] : ''));
    sampler!.add(cells, line);
  }
  sampler?.start();
  return count;
}

/** A cell as the readers of CSV would have it: text, a number, or a date as wall-clock text. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return wallClock(value);
  if (typeof value === 'object') {
    const object = value as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string };
    if ('result' in object) return cellValue(object.result);
    if (object.richText) return object.richText.map((part) => part.text).join('');
    if (typeof object.text === 'string') return object.text;
    if (object.error) return object.error;
  }
  return String(value);
}

/** Excel stores a date as a day count with no zone; exceljs gives it as UTC: the wall clock it shows. */
function wallClock(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

async function assertFile(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
}
