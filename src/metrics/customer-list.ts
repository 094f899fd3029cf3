import { UsageError } from '../errors.js';
import type { Interner } from '../kernels/interner.js';
import { counted } from '../notes/plural.js';
import { compareLabels } from './grouped.js';
import type { JobResult } from './job.js';
import type { Cell, ResultColumn } from './types.js';

// --list (METRICS.md "Who, not only how many"): where a figure counts
// customers, the customers themselves, with the cell they are in, one row
// each, ready for a CRM import, in the order of their ids (numbers as numbers).

export interface CustomerListSpec {
  /** What the list is, e.g. "Customers of cohort 2026-01 retained at offset 3". */
  title: string;
  /** The cell, as columns after customer_id: e.g. cohort and offset. */
  cell: { name: string; value: Cell }[];
  customers: Iterable<number>;
  ids: Interner;
}

export function customerList(spec: CustomerListSpec): JobResult {
  const columns: ResultColumn[] = [{ name: 'customer_id', type: 'text' }, ...spec.cell.map(({ name }): ResultColumn => ({ name, type: 'text' }))];
  const ids = [...spec.customers].map((index) => spec.ids.idOf(index)).sort(compareLabels);
  const rows = ids.map((id): Cell[] => [id, ...spec.cell.map(({ value }) => value)]);
  return { table: { title: spec.title, formula: counted(rows.length, 'customer'), columns, rows }, notes: [] };
}

/** A --list value that names no cell of the table: what it does name, and what would. */
export function noSuchCell(given: string, what: string, choices: readonly string[]): UsageError {
  const shown = choices.length > 8 ? [...choices.slice(0, 8), '…'] : choices;
  return new UsageError(`--list "${given}": no ${what} of that name in this table`, [`one of: ${shown.join(', ')}`]);
}
