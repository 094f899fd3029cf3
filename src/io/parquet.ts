import { DataError, UsageError } from '../errors.js';
import { readObjects } from './json.js';
import type { ReadSummary, RecordSink } from './records.js';

// Parquet files (a BigQuery export of GA4, a warehouse's unload) read by the
// streaming engine: DuckDB, already engage's SQL engine, decodes the file and
// hands its rows on chunk by chunk, as JSON-like objects (64-bit integers as
// their digits, timestamps as text, structs as objects, lists as arrays), which
// are then read exactly as NDJSON records are: nested structs as dotted
// columns, GA4's key/value lists as one column per key, the known exports'
// rules, the checks of guessed columns. A row's line is its number.

export async function readParquet(path: string, sink: RecordSink): Promise<ReadSummary> {
  let duckdb: typeof import('@duckdb/node-api');
  try {
    duckdb = await import('@duckdb/node-api');
  } catch {
    throw new UsageError('reading Parquet needs the package @duckdb/node-api, which is not installed', ['npm install @duckdb/node-api']);
  }
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const source = `read_parquet('${path.replaceAll("'", "''")}')`;
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    let result;
    try {
      result = await connection.stream(`SELECT * FROM ${source}`);
    } catch (error) {
      throw new DataError({ file: path }, `not a Parquet file DuckDB can read (${(error as Error).message.split('\n')[0]})`);
    }
    for await (const chunk of result.yieldRowObjectJson()) yield* chunk as Record<string, unknown>[];
  }
  try {
    return await readObjects(path, 'parquet', rows, sink);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
