import { UsageError } from '../../errors.js';
import type { MetricSpec } from '../../metrics/spec.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import type { SqlContext } from '../../sql/sql-context.js';

// The one place that says what has no SQL form yet, for the three ways a
// metric's SQL form runs (engage sql, --engine duckdb, --db), each in its
// own words: a metric without one, an option no form takes (--skip-invalid),
// or an option a metric's form does not take yet.


/** Where a SQL form runs, as its refusals name it, and what the user can do instead. */
export interface SqlRunner {
  name: string;
  hint: string;
}

function refusal(runner: SqlRunner, what: string): UsageError {
  return new UsageError(`${runner.name}: ${what} has no SQL form yet`, [runner.hint]);
}

/** Refuses, before anything is read, what no SQL form takes. */
export function assertSqlForm(spec: MetricSpec, options: { skipInvalid?: boolean; segment?: unknown }, runner: SqlRunner): void {
  if (spec.sql === undefined) throw refusal(runner, spec.name);
  if (options.skipInvalid === true) throw refusal(runner, '--skip-invalid');
  // A customer's segments need every event of theirs before any figure: engage decides them in a first reading.
  if (Array.isArray(options.segment) && options.segment.length > 0) throw refusal(runner, '--segment');
}

/** The statement of a metric's SQL form; what the form cannot do yet is refused in the runner's words. */
export function sqlStatement(spec: MetricSpec, options: Record<string, unknown>, context: SqlContext, runner: SqlRunner): string {
  assertSqlForm(spec, options, runner);
  const { dialect } = context;
  try {
    return spec.sql!(options as never, context) + dialect.suffix;
  } catch (error) {
    if (error instanceof NoSqlForm) throw refusal(runner, error.message);
    throw error;
  }
}
