import { UsageError } from '../../errors.js';
import { findHeader } from '../columns.js';

// --where COLUMN OP VALUE: keep only the rows that match, e.g. to drop the
// cancelled invoices of a shop log (--where 'InvoiceNo!^=C') or rows without
// a customer (--where 'CustomerID!='). Numbers compare as numbers.

const OPERATORS = ['!^=', '^=', '!=', '>=', '<=', '=', '>', '<'] as const;
type Operator = (typeof OPERATORS)[number];

export interface WhereClause {
  text: string;
  column: string;
  operator: Operator;
  value: string;
}

export function parseWhere(text: string): WhereClause {
  for (const operator of OPERATORS) {
    const at = text.indexOf(operator);
    if (at > 0) {
      const column = text.slice(0, at).trim();
      const value = text.slice(at + operator.length).trim().replace(/^"(.*)"$/, '$1');
      if (column !== '') return { text, column, operator, value };
    }
  }
  throw new UsageError(`--where "${text}" is not of the form COLUMN OP VALUE`, [
    `operators: = != ^= (starts with) !^= (does not start with) > >= < <=`,
    `examples: --where 'Country=Japan'  --where 'InvoiceNo!^=C'  --where 'CustomerID!='  --where 'Quantity>0'`,
  ]);
}

/** A predicate over a row's cells, compiled once per file. */
export type RowTest = ((cells: readonly unknown[]) => boolean) & { columns: number[] };

/** The test of a file's rows, and the columns it reads; undefined without clauses. */
export function compileWhere(clauses: readonly WhereClause[], header: readonly string[], file: string): RowTest | undefined {
  if (clauses.length === 0) return undefined;
  const columns: number[] = [];
  const tests = clauses.map((clause) => {
    const index = findHeader(header, clause.column);
    if (index === undefined) {
      throw new UsageError(`--where "${clause.text}": ${file} has no column "${clause.column}"`, [
        `its columns are: ${header.map((h) => `"${h}"`).join(', ')}`,
      ]);
    }
    columns.push(index);
    return compileClause(clause, index);
  });
  const test = (cells: readonly unknown[]): boolean => {
    for (const one of tests) if (!one(cells)) return false;
    return true;
  };
  return Object.assign(test, { columns });
}

function compileClause({ operator, value }: WhereClause, index: number): (cells: readonly unknown[]) => boolean {
  const cellText = (cells: readonly unknown[]): string => {
    const cell = cells[index];
    return cell === null || cell === undefined ? '' : typeof cell === 'string' ? cell.trim() : String(cell);
  };
  const number = Number(value);
  switch (operator) {
    case '=':
      return (cells) => cellText(cells) === value;
    case '!=':
      return (cells) => cellText(cells) !== value;
    case '^=':
      return (cells) => cellText(cells).startsWith(value);
    case '!^=':
      return (cells) => !cellText(cells).startsWith(value);
    default: {
      if (value === '' || !Number.isFinite(number)) {
        throw new UsageError(`--where: "${operator}" compares numbers, and "${value}" is not one`);
      }
      const compare = (cells: readonly unknown[]): number => {
        const text = cellText(cells);
        return text === '' ? Number.NaN : Number(text);
      };
      if (operator === '>') return (cells) => compare(cells) > number;
      if (operator === '>=') return (cells) => compare(cells) >= number;
      if (operator === '<') return (cells) => compare(cells) < number;
      return (cells) => compare(cells) <= number;
    }
  }
}
