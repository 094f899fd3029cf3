import { UsageError } from '../../errors.js';

// ClickHouse as a library (chDB) allows one session in a process: engage's
// --engine clickhouse, and whatever else in the process uses it, share this one.

export type ChdbSession = { query(sql: string, format?: string): string; cleanup(): void };

let session: ChdbSession | undefined;

/** The process's chDB session, made on first use; chdb is loaded only then. */
export async function chdbSession(): Promise<ChdbSession> {
  if (session !== undefined) return session;
  let chdb: { Session: new () => ChdbSession };
  try {
    chdb = (await import('chdb')) as unknown as { Session: new () => ChdbSession };
  } catch {
    throw new UsageError('--engine clickhouse needs the package chdb (ClickHouse as a library, about 550 MB), which is not installed', ['npm install chdb']);
  }
  const made = new chdb.Session();
  session = made;
  process.once('exit', () => made.cleanup());
  return made;
}
