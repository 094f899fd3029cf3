import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { readCsv } from './csv.js';
import { readJson } from './json.js';
import { openInput, type InputFormat, type OpenOptions, type OpenedInput } from './open.js';
import type { ReadOptions, ReadSummary, RecordSink } from './records.js';

// The one way every command reads an input: open, pick the format, push
// records into the sink.

export interface InputReport extends ReadSummary {
  file: string;
  format: InputFormat;
  encoding: string;
}

/** How many times each path was opened for reading in this process: `engage report` promises once per input. */
export const readCounts = new Map<string, number>();

export async function readInput(
  path: string,
  sink: RecordSink,
  options: ReadOptions & OpenOptions,
): Promise<InputReport> {
  readCounts.set(path, (readCounts.get(path) ?? 0) + 1);
  const workbook = await workbookKind(path);
  if (workbook === 'xls') {
    throw new InputError(`${path} is an Excel 97–2003 workbook (.xls), which engage does not read`, ['open it in Excel, LibreOffice or Numbers and save it as .xlsx or as CSV (UTF-8)']);
  }
  if (workbook === 'xlsx') {
    // Loaded only for workbooks: the library and its dependencies cost every other run ~0.1 s to load.
    const { readXlsx } = await import('./xlsx.js');
    const { records, sheet } = await readXlsx(path, sink, options);
    return { file: path, format: 'xlsx', encoding: `sheet ${sheet}`, records };
  }
  const opened = await openInput(path, options);
  const { format, input } = opened.format === undefined ? await sniffFormat(opened) : { format: opened.format, input: opened };
  const summary = format === 'csv' ? await readCsv(input, sink, options) : await readJson(input, format, sink);
  return { file: opened.name, format, encoding: opened.encoding, ...summary };
}

/** A workbook by its first bytes (a zip, or an OLE2 .xls), whatever its name says; undefined for text and stdin. */
async function workbookKind(path: string): Promise<'xlsx' | 'xls' | undefined> {
  if (path === '-') return undefined;
  let head: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      head = Buffer.alloc(8);
      await file.read(head, 0, 8, 0);
    } finally {
      await file.close();
    }
  } catch {
    return undefined; // openInput reports a missing or unreadable file
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return undefined;
}

/** stdin or an unknown extension: JSON starts with "[" or "{", anything else is CSV. */
async function sniffFormat(opened: OpenedInput): Promise<{ format: InputFormat; input: OpenedInput }> {
  const iterator = opened.chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? '' : typeof first.value === 'string' ? first.value.slice(0, 256) : first.value.toString('utf8', 0, 256);
  const start = head.trimStart()[0];
  const format: InputFormat = start === '[' ? 'json' : start === '{' ? 'ndjson' : 'csv';
  async function* replay(): AsyncGenerator<Buffer | string> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format, input: { ...opened, chunks: replay() } };
}
