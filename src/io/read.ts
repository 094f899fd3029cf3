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
  const opened = await openInput(path, options);
  const { format, input } = opened.format === undefined ? await sniffFormat(opened) : { format: opened.format, input: opened };
  const summary = format === 'csv' ? await readCsv(input, sink, options) : await readJson(input, format, sink);
  return { file: opened.name, format, encoding: opened.encoding, ...summary };
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
