import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, UsageError } from '../errors.js';
import { readCsv } from './csv.js';
import { jsonColumns, readJson } from './json.js';
import { checkedUtf8, isGzip, openInput, type InputFormat, type OpenOptions, type OpenedInput } from './open.js';
import type { ReadOptions, ReadSummary, RecordSink } from './records.js';
import { isJsonArchive, zipContents, zipEntries } from './zip.js';

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
  const head = await headOf(path);
  const workbook = workbookKind(head);
  if (workbook === 'xls') {
    throw new InputError(`${path} is an Excel 97–2003 workbook (.xls), which engage does not read`, ['open it in Excel, LibreOffice or Numbers and save it as .xlsx or as CSV (UTF-8)']);
  }
  if (options.header !== undefined && workbook !== undefined) throw headerRefused(path, 'a workbook, whose first row names its columns');
  if (workbook === 'xlsx') {
    // A zip of JSON files (Amplitude's export: one gzip NDJSON file per hour) is one input of events.
    const entries = await zipEntries(path);
    if (isJsonArchive(entries)) {
      if (options.header !== undefined) throw headerRefused(path, 'a zip of JSON files, whose keys name their columns');
      const again = async (): Promise<OpenedInput> => ({ name: path, format: 'ndjson', encoding: 'utf-8', chunks: checkedUtf8(zipContents(path, entries), path) });
      const summary = await readJsonTwice(await again(), 'ndjson', again, sink);
      return { file: path, format: 'ndjson', encoding: `zip of ${entries.length} file${entries.length === 1 ? '' : 's'}`, ...summary };
    }
    // Loaded only for workbooks: the library and its dependencies cost every other run ~0.1 s to load.
    const { readXlsx } = await import('./xlsx.js');
    const { records, sheet } = await readXlsx(path, sink, options);
    return { file: path, format: 'xlsx', encoding: `sheet ${sheet}`, records };
  }
  if (isParquet(head)) {
    if (options.header !== undefined) throw headerRefused(path, 'Parquet, whose schema names its columns');
    // Loaded only for Parquet: DuckDB decodes it.
    const { readParquet } = await import('./parquet.js');
    return { file: path, format: 'parquet', encoding: 'parquet', ...(await readParquet(path, sink)) };
  }
  // A CSV file is read through the chunk memory (readCsv copies what it keeps of a chunk), but a gzip one; JSON is sniffed and replayed.
  const opened = await openInput(path, { ...options, reusedChunks: head !== undefined && !isGzip(head) });
  // A .json file may hold one object per line (most app and analytics exports write it so): the content decides.
  const sniff = opened.format === undefined || opened.format === 'json' || opened.format === 'ndjson';
  const { format, input } = sniff ? await sniffFormat(opened) : { format: opened.format!, input: opened };
  if (options.header !== undefined && format !== 'csv') throw headerRefused(opened.name, 'JSON, whose keys name its columns');
  if (format === 'csv') return { file: opened.name, format, encoding: opened.encoding, ...(await readCsv(input, sink, options)) };
  // JSON's columns are every record's keys: a first pass finds them, so stdin is kept in a file for the second.
  const spooled = path === '-' ? await spool(input) : undefined;
  try {
    const again = (): Promise<OpenedInput> => openInput(spooled?.path ?? path, options).then((reopened) => ({ ...reopened, name: opened.name }));
    const summary = await readJsonTwice(spooled === undefined ? input : await again(), format, again, sink);
    return { file: opened.name, format, encoding: opened.encoding, ...summary };
  } finally {
    await spooled?.remove();
  }
}

/** JSON in two passes: every record's keys, then the records with those columns. */
async function readJsonTwice(first: OpenedInput, format: InputFormat, again: () => Promise<OpenedInput>, sink: RecordSink): Promise<ReadSummary> {
  const columns = await jsonColumns(first, format, again);
  return readJson(await again(), format, sink, columns);
}

function headerRefused(file: string, what: string): UsageError {
  return new UsageError(`--header names the columns of a CSV file without a header line; ${file} is ${what}`, ['leave out --header (use --map to name a column of your own)']);
}

/** The text of an input written to a temporary file (UTF-8), to be read twice. */
async function spool(input: OpenedInput): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'engage-'));
  const path = join(folder, 'stdin.json');
  const remove = (): Promise<void> => rm(folder, { recursive: true, force: true });
  try {
    await pipeline(Readable.from(input.chunks), createWriteStream(path));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

/**
 * A file's first bytes (zeros past a short file's end), read once for every
 * test of them below; undefined for stdin, or a file that cannot be opened
 * (openInput reports it).
 */
async function headOf(path: string): Promise<Buffer | undefined> {
  if (path === '-') return undefined;
  try {
    const file = await open(path, 'r');
    try {
      const head = Buffer.alloc(8);
      await file.read(head, 0, 8, 0);
      return head;
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/** A workbook by its first bytes (a zip, or an OLE2 .xls), whatever its name says. */
function workbookKind(head: Buffer | undefined): 'xlsx' | 'xls' | undefined {
  if (head === undefined) return undefined;
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return undefined;
}

/** A Parquet file by its magic bytes ("PAR1"), whatever its name says. */
function isParquet(head: Buffer | undefined): boolean {
  return head !== undefined && head.toString('latin1', 0, 4) === 'PAR1';
}

/**
 * stdin, an unknown extension or a JSON one: a JSON array starts with "[",
 * NDJSON with "{", anything else is CSV (or, for a JSON name, what the name says).
 */
async function sniffFormat(opened: OpenedInput): Promise<{ format: InputFormat; input: OpenedInput }> {
  const iterator = opened.chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? '' : typeof first.value === 'string' ? first.value.slice(0, 256) : first.value.toString('utf8', 0, 256);
  const start = head.trimStart()[0];
  const format: InputFormat = start === '[' ? 'json' : start === '{' ? 'ndjson' : (opened.format ?? 'csv');
  async function* replay(): AsyncGenerator<Buffer | string> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format, input: { ...opened, chunks: replay() } };
}
