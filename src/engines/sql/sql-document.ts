import type { OutputDocument } from '../../format/document.js';
import type { MetricSpec, SqlTable } from '../../metrics/spec.js';
import { changePValue, CHANGE_ALPHA } from '../../metrics/significance.js';
import type { Cell, ResultTable } from '../../metrics/types.js';
import type { CompareSql } from '../../sql/compare-sql.js';

// What the SQL engines (DuckDB, PostgreSQL) share in making a document: the
// metric's document over the input's header alone (given by the orchestrator:
// the title, the formula, the columns and every header-level check); the
// engine's rows fill it.

/**
 * What a SQL engine is given by the orchestrator, which alone knows the
 * streaming engine: a metric's document over a header alone (its title,
 * formula and columns, every header-level check made) and what --compare adds
 * to its statement.
 */
export interface Describer {
  skeleton(source: string, header: string[]): OutputDocument;
  compare(source: string, header: string[]): CompareSql | undefined;
}

/** A value of a result row as a table cell. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/** The table of a run through an SQL engine, from its column names and rows. */
export function resultTable(spec: MetricSpec, skeleton: OutputDocument, names: string[], rows: Cell[][], options: Record<string, unknown>): SqlTable {
  return spec.tableFromSql ? spec.tableFromSql(skeleton.table, names, rows, options as never) : { table: { ...skeleton.table, rows }, notes: [] };
}

/** The skeleton document with the table an SQL engine computed, and a note for each partial period. */
export function withTable(skeleton: OutputDocument, { table, notes: tableNotes, explained = [] }: SqlTable): OutputDocument {
  const rows = withPValues(table);
  if (rows.length > 0 && rows[0].length !== table.columns.length) throw new Error(`the SQL of ${skeleton.command} gave ${rows[0].length} columns, its table has ${table.columns.length}`);
  const partial = table.partialColumn === undefined ? -1 : table.columns.findIndex((c) => c.name === table.partialColumn);
  // The skeleton has no rows, so no partial period of its own: these notes are the SQL result's.
  const notes = [...skeleton.notes, ...tableNotes];
  const partialPeriods = partial < 0 ? [] : [...new Set(rows.filter((row) => row[partial] === true).map((row) => String(row[0])))].filter((period) => !explained.includes(period));
  for (const period of partialPeriods) notes.push(`${period} is partial: the data ends before the period does (pass --until to say when it ends)`);
  return {
    ...skeleton,
    table: { ...table, rows, overallRow: table.overallRow === undefined ? undefined : rows.length - 1, periodKeys: undefined },
    notes,
  };
}

/**
 * A tested change's p-value from the statistic and degrees of freedom the statement gave in
 * its two columns (the SQL engines have no Student t; engage does): the columns become the
 * p-value and whether it is below the level.
 */
export function withPValues(table: ResultTable): Cell[][] {
  const tested = (table.tests ?? []).flatMap((test) => {
    const [p, significant] = [`${test.figure}_p_value`, `${test.figure}_significant`].map((name) => table.columns.findIndex((c) => c.name === name));
    return p >= 0 && significant >= 0 ? [{ p, significant }] : [];
  });
  if (tested.length === 0) return table.rows;
  return table.rows.map((row) => {
    const copy = [...row];
    for (const { p, significant } of tested) {
      const statistic = row[p];
      const df = row[significant];
      if (typeof statistic !== 'number' || !Number.isFinite(statistic)) {
        [copy[p], copy[significant]] = [null, null];
        continue;
      }
      const value = changePValue({ statistic, df: typeof df === 'number' && Number.isFinite(df) ? df : undefined });
      [copy[p], copy[significant]] = [value, value < (table.alpha ?? CHANGE_ALPHA)];
    }
    return copy;
  });
}
