import { extname } from 'node:path';

// Which inputs several threads may read, by their names alone: what the CLI's
// first line (warm-threads.ts) and the split itself (split-safety.ts) both
// ask, so that workers are started for exactly the files that are split.

/** Files smaller than this (together) are read on one thread: starting workers costs more than they save. */
export const PARTS_MIN_BYTES = 32 << 20;

/** CSV or NDJSON, by the file's name; undefined for anything else (gzip, spreadsheets, standard input), read on one thread. */
export function splitFormat(path: string): 'csv' | 'ndjson' | undefined {
  if (path === '-') return undefined;
  const extension = extname(path).toLowerCase();
  return ['.csv', '.tsv', '.txt'].includes(extension) ? 'csv' : ['.ndjson', '.jsonl', '.json'].includes(extension) ? 'ndjson' : undefined;
}
