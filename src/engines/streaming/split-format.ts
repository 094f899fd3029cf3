import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';

// Which inputs several threads may read, by their names alone: what the CLI's
// first line (warm-threads.ts) and the split itself (split-safety.ts) both
// ask, so that workers are started for exactly the files that are split.

/** Files smaller than this (together) are read on one thread: starting workers costs more than they save. */
export const PARTS_MIN_BYTES = 32 << 20;

/** CSV or NDJSON, by the file's name; undefined for anything else (gzip, spreadsheets, standard input), read on one thread or (gzip) as gzipSplitFormat says. */
export function splitFormat(path: string): 'csv' | 'ndjson' | undefined {
  if (path === '-') return undefined;
  const extension = extname(path).toLowerCase();
  return ['.csv', '.tsv', '.txt'].includes(extension) ? 'csv' : ['.ndjson', '.jsonl', '.json'].includes(extension) ? 'ndjson' : undefined;
}

/**
 * The format inside a gzip file that several threads may read (events.csv.gz,
 * events.ndjson.gz): each thread inflates the file from its start and reads
 * its own share of the lines (gzip-range.ts).
 */
export function gzipSplitFormat(path: string): 'csv' | 'ndjson' | undefined {
  return path.toLowerCase().endsWith('.gz') ? splitFormat(path.slice(0, -3)) : undefined;
}

/**
 * A gzip file's text this large or more is read in parts. Each thread
 * inflates the text up to its share's end, so two threads do half as much
 * reading but half as much inflating again, and a worker starts its share
 * late: churn over events, 86 MB of text: 1.47 s on one thread and 1.45 s on
 * two; 200 MB: 2.97 s and 2.43 s; 431 MB: 5.5 s and 4.4 s.
 */
export const GZIP_PARTS_MIN_BYTES = 4 * PARTS_MIN_BYTES;

/**
 * About how many bytes a gzip file holds inflated: the size its trailer
 * gives, which is counted modulo 2³² and only for the last member of a file
 * of several, so never taken below the compressed size. Only the threads'
 * shares rest on it, not what they read.
 */
export function gzipContentBytes(path: string, compressed: number): number {
  const magic = Buffer.alloc(2);
  const trailer = Buffer.alloc(4);
  let file: number;
  try {
    file = openSync(path, 'r');
  } catch {
    // Not a file this process may read: the reader says so, with its name.
    return 0;
  }
  try {
    // Not gzip after all (a plain file named .gz): read on one thread, which finds what it is.
    if (compressed < 18 || readSync(file, magic, 0, 2, 0) !== 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) return 0;
    if (readSync(file, trailer, 0, 4, compressed - 4) !== 4) return 0;
  } finally {
    closeSync(file);
  }
  let size = trailer.readUInt32LE(0);
  while (size < compressed) size += 2 ** 32;
  return size;
}
