import { CLICKHOUSE } from './clickhouse.js';
import { DUCKDB, POSTGRES, type Dialect, type DialectName } from './dialect.js';

// Every dialect engage writes SQL for, by name. A new one is a file of its own
// (what it writes differently, see clickhouse.ts) and a line here.

const DIALECTS: Record<DialectName, Dialect> = { duckdb: DUCKDB, postgres: POSTGRES, clickhouse: CLICKHOUSE };

export function dialectNamed(name: DialectName): Dialect {
  return DIALECTS[name];
}
