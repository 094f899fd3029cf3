import { stringify } from 'csv-stringify/sync';
import type { Cell } from '../metrics/types.js';
import { rowObjects, type OutputDocument } from './document.js';

// Machine formats: raw values (fractions, ISO dates), stable names, no decoration.

export function renderCsv(doc: OutputDocument): string {
  const records = doc.table.rows.map((row) => row.map(csvCell));
  return stringify([doc.table.columns.map((c) => c.name), ...records]);
}

function csvCell(value: Cell): string {
  // An interval's open end (±∞) is empty, as JSON makes it null.
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  return String(value);
}

export function renderJson(doc: OutputDocument): string {
  const body = {
    command: doc.command,
    title: doc.table.title,
    formula: doc.table.formula,
    options: doc.options,
    inputs: doc.inputs,
    columns: doc.table.columns,
    rows: rowObjects(doc.table),
    notes: doc.notes,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function renderNdjson(doc: OutputDocument): string {
  return rowObjects(doc.table).map((row) => `${JSON.stringify(row)}\n`).join('');
}
