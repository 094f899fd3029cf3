import { extname } from 'node:path';
import { UsageError } from '../../errors.js';
import { gunzippedFirstBytes, headOf, headOfBytes, ndjsonHeadOf } from '../../io/file-head.js';

// What an SQL engine that reads files itself (DuckDB, ClickHouse) is told of
// a file: CSV with its delimiter, NDJSON with every object's keys, or
// Parquet; anything it would read otherwise than engage is refused.

export type Source = { kind: 'csv'; delimiter: string; header: string[] } | { kind: 'parquet' } | { kind: 'ndjson'; header: string[] };

export async function sourceOf(path: string, engine: string): Promise<Source> {
  // DuckDB reads a gzip CSV itself (events.csv.gz); its header is read from the start of its content.
  const gzip = extname(path).toLowerCase() === '.gz';
  const extension = extname(gzip ? path.slice(0, -3) : path).toLowerCase();
  if (extension === '.parquet' && !gzip) return { kind: 'parquet' };
  if (['.csv', '.tsv', '.txt'].includes(extension)) {
    const head = gzip ? headOfBytes(await gunzippedFirstBytes(path)) : await headOf(path);
    if (head === undefined) throw refusal(engine, path, 'its start is not a plain UTF-8 CSV header (gzip, a workbook, UTF-16 or a quoted header)');
    if (head.headerLine !== 1) throw refusal(engine, path, 'it starts with a sep= line');
    return { kind: 'csv', delimiter: head.delimiter, header: head.header };
  }
  if (['.ndjson', '.jsonl', '.json'].includes(extension) && !gzip) {
    // Every object's keys are the columns, as for the streaming engine; every value is read as text.
    const head = await ndjsonHeadOf(path);
    if (head === undefined) throw refusal(engine, path, 'it is not one JSON object per line (or it is gzip)');
    if (head.nested) throw refusal(engine, path, 'its objects nest objects, which engage reads as dotted columns and this engine does not yet');
    return { kind: 'ndjson', header: head.header };
  }
  throw refusal(engine, path, 'it reads .csv (gzip too), .ndjson and .parquet files here');
}

/** The refusal of a file an engine would not read as engage does. */
export function refusal(engine: string, path: string, why: string): UsageError {
  return new UsageError(`${engine} cannot read ${path} as it is: ${why}`, [`leave out ${engine}: the streaming engine reads it`]);
}
