import type { Cell, ResultColumn, ResultTable } from '../metrics/types.js';

// Cell text for people (tables, Markdown): rates as percentages with two
// decimals, counts with thousands separators, undefined as a dash.

export const UNDEFINED_MARK = '—';

/** Made when a table first needs it: making it loads the locale's data, 14 ms of every run's start when it was made on load (CSV and JSON output never use it). */
let countFormat: Intl.NumberFormat | undefined;

export function humanCell(value: Cell, column: ResultColumn): string {
  if (value === null) return UNDEFINED_MARK;
  if (typeof value === 'boolean') return value ? 'yes' : '';
  if (typeof value === 'string') return value;
  // An interval open at one end (a one-sided test).
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '−∞';
  switch (column.type) {
    case 'pvalue':
      return value < 0.0001 ? '<0.0001' : value.toFixed(4);
    case 'chance':
      return `${(value * 100).toFixed(1)}%`;
    case 'rate':
      return `${(value * 100).toFixed(2)}%`;
    case 'count':
    case 'number':
    case 'score':
      return (countFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(value);
    case 'estimate':
      // A fitted parameter: its size varies by orders of magnitude, its digits matter.
      return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumSignificantDigits: 4 });
    case 'points':
      return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(2)} pp`;
    case 'change':
      return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}%`;
    default:
      return String(value);
  }
}

export interface HumanTable {
  headers: string[];
  rows: string[][];
  numeric: boolean[];
  /** The raw value behind each shown cell, for shading. */
  values: Cell[][];
  types: ResultColumn['type'][];
}

/** Drops the partial column and marks partial periods with "*" instead. */
export function humanTable(table: ResultTable): HumanTable {
  const partialIndex = table.partialColumn ? table.columns.findIndex((c) => c.name === table.partialColumn) : -1;
  const kept = table.columns.map((column, index) => ({ column, index })).filter(({ index }) => index !== partialIndex);
  const marked = new Set((table.marks ?? []).map(([row, column]) => `${row}:${column}`));
  return {
    headers: kept.map(({ column }) => column.name),
    numeric: kept.map(({ column }) => ['count', 'rate', 'number', 'score', 'points', 'change', 'estimate', 'pvalue', 'chance'].includes(column.type)),
    rows: table.rows.map((row, rowIndex) =>
      kept.map(({ column, index }) => {
        const text = humanCell(row[index], column);
        const partialPeriod = column.type === 'period' && partialIndex >= 0 && row[partialIndex] === true;
        return partialPeriod || marked.has(`${rowIndex}:${index}`) ? `${text}*` : text;
      }),
    ),
    values: table.rows.map((row) => kept.map(({ index }) => row[index])),
    types: kept.map(({ column }) => column.type),
  };
}

export function hasPartial(table: ResultTable): boolean {
  if ((table.marks ?? []).length > 0) return true;
  if (!table.partialColumn) return false;
  const index = table.columns.findIndex((c) => c.name === table.partialColumn);
  return table.rows.some((row) => row[index] === true);
}
