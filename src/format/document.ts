import { z } from 'zod';
import type { Cell, ResultTable } from '../metrics/types.js';

// What every output carries besides the rows, so that a JSON consumer knows
// how the numbers were made.

export interface InputSummary {
  file: string;
  format: string;
  encoding: string;
  rows: number;
}

export interface OutputDocument {
  command: string;
  table: ResultTable;
  options: Record<string, unknown>;
  inputs: InputSummary[];
  notes: string[];
}

export const Format = z.enum(['table', 'csv', 'json', 'ndjson', 'markdown', 'html']);
export type Format = z.output<typeof Format>;

export interface RenderStyle {
  color: boolean;
}

/** Rows as objects keyed by the stable column names. */
export function rowObjects(table: ResultTable): Record<string, Cell>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column.name, row[i]])));
}
