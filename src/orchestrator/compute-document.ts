import { DataError, UsageError } from '../errors.js';
import type { OutputDocument } from '../format/document.js';
import type { MetricSpec } from '../metrics/spec.js';
import { computeStreaming } from '../engines/streaming/compute.js';
import { readSettingsOf } from '../engines/streaming/run.js';
import type { Progress } from '../ui/progress.js';
import { EngineStoppedOnCell } from '../engines/sql/stopped-on-cell.js';
import { describerOf } from './describer.js';

// Above the engines: which one computes a metric (the streaming engine by
// default, DuckDB or ClickHouse with --engine, PostgreSQL with --db), with the
// streaming engine's document of a header for the SQL engines, and its words
// for a cell DuckDB stopped on. No engine imports another or this.

/** One metric over its inputs, with options in the library's names: the document, written nowhere. */
export async function computeDocument(
  spec: MetricSpec,
  input: unknown,
  files: string[],
  io: { stdin: NodeJS.ReadableStream; progress?: Progress; partsMinBytes?: number },
): Promise<OutputDocument> {
  const settings = readSettingsOf(input);
  assertEngineOptions(settings);
  if (settings.db !== undefined) {
    if (files.length > 0) throw new UsageError('--db reads a table of the database: give no files with it');
    const { computeWithPostgres } = await import('../engines/sql/postgres-engine.js');
    return computeWithPostgres(spec, input, settings.db, settings.table, describerOf(spec, input));
  }
  if (settings.engine === 'duckdb' || settings.engine === 'clickhouse') {
    try {
      if (settings.engine === 'clickhouse') {
        const { computeWithClickHouse } = await import('../engines/sql/clickhouse-engine.js');
        return await computeWithClickHouse(spec, input, files, describerOf(spec, input));
      }
      const { computeWithDuckDb } = await import('../engines/sql/duckdb-engine.js');
      return await computeWithDuckDb(spec, input, files, describerOf(spec, input), { memoryLimit: settings.duckdbMemory, threads: settings.threads });
    } catch (error) {
      if (!(error instanceof EngineStoppedOnCell)) throw error;
      // The streaming engine names the file, line, column and value; DuckDB's own words otherwise.
      try {
        await computeStreaming(spec, { ...(input as object), engine: 'streaming' }, files, io);
      } catch (streaming) {
        if (streaming instanceof DataError || (streaming as { exitCode?: number }).exitCode !== undefined) throw streaming;
      }
      throw error.fallback;
    }
  }
  return computeStreaming(spec, input, files, io);
}

/**
 * An option of one engine given to another has nothing to act on: an error,
 * never ignored (DuckDB's memory to the streaming engine, --table without a
 * database, --header or --threads to an engine that reads the file itself).
 */
function assertEngineOptions(settings: ReturnType<typeof readSettingsOf>): void {
  const engine = settings.db !== undefined ? '--db' : settings.engine === 'streaming' ? undefined : `--engine ${settings.engine}`;
  const idle: [string, string][] = [];
  if (settings.duckdbMemory !== undefined && settings.engine !== 'duckdb') idle.push(['--duckdb-memory', 'it caps DuckDB\'s memory: use it with --engine duckdb']);
  if (settings.table !== undefined && settings.db === undefined) idle.push(['--table', 'it names the table of a database: use it with --db']);
  if (engine !== undefined && settings.header !== undefined) idle.push(['--header', `${engine} reads the file's own header line: leave out ${engine} to read a file without one`]);
  if (settings.threads !== undefined && (settings.db !== undefined || settings.engine === 'clickhouse')) idle.push(['--threads', `${engine} decides its own threads`]);
  if (idle.length > 0) throw new UsageError(`${idle.map(([flag]) => flag).join(', ')} ${idle.length === 1 ? 'has' : 'have'} nothing to act on here`, idle.map(([flag, why]) => `${flag}: ${why}`));
}
