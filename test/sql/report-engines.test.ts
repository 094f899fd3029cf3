import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounts } from '../../src/io/read.js';
import { loadConfig } from '../../src/report/config.js';
import { runReport } from '../../src/report/run-report.js';
import { Postgres, tableOf } from '../helpers/sql-engines.js';

// A config's engine, db and threads are honoured, never accepted and ignored:
// each such report is computed as `engage METRIC --engine duckdb` (or --db,
// --threads) would compute it, and gives the table the streaming engine gives.

const orders = resolve('fixtures/orders.csv');

function configFile(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'engage-report-'));
  const path = join(dir, 'engage.config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('engage report with engine, db and threads', () => {
  let postgres: Postgres;
  let server: PGLiteSocketServer;
  let url = '';

  beforeAll(async () => {
    postgres = await Postgres.open();
    await postgres.load(tableOf(orders, 'orders_copy', 'events', 'UTC'));
    server = new PGLiteSocketServer({ db: postgres.db, port: 0, host: '127.0.0.1' });
    await server.start();
    url = `postgres://postgres@127.0.0.1:${(server as unknown as { port: number }).port}/postgres`;
  });

  afterAll(async () => {
    await server?.stop();
    await postgres?.close();
  });

  it('computes each such report with what it names, and the figures agree with the shared read', async () => {
    const churn = { period: 'month' };
    const path = configFile({
      inputs: { orders },
      reports: [
        { metric: 'churn', input: 'orders', options: churn },
        { metric: 'churn', input: 'orders', options: { ...churn, engine: 'duckdb' } },
        { metric: 'churn', input: 'orders', options: { ...churn, db: url, table: 'orders_copy' } },
        { metric: 'churn', input: 'orders', options: { ...churn, threads: 2 } },
      ],
    });
    const before = readCounts.get(orders) ?? 0;
    const result = await runReport(await loadConfig(path), { stdin: Readable.from([]) });
    const [shared, duckdb, db, threads] = result.outcomes.map((o) => o.doc);
    expect(duckdb.inputs).toEqual([]);
    expect(db.inputs).toEqual([]);
    for (const doc of [duckdb, db, threads]) expect(doc.table.rows).toEqual(shared.table.rows);
    // The shared read and the --threads report's own read; DuckDB and the database read without engage's reader.
    expect((readCounts.get(orders) ?? 0) - before).toBe(2);
    expect(result.notes[0]).toBe(`input orders (${orders}): read once for 1 report; 3 more reports with their own engine, database or threads read it on their own`);
  }, 60_000);
});
