import { findNamedHeader } from './columns.js';
import { MISSING_AMOUNT, parseAmount } from './values.js';

// --map amount="Quantity*UnitPrice": a column that exports leave out but two
// of their columns make (the UCI Online Retail log has no line total). The
// product is added as a virtual column at the end of each record, so every
// job reads it like any other cell and reports a bad factor with its line.

export interface Derived {
  /** The header with the virtual columns appended. */
  header: string[];
  /** Writes the virtual cells of a record, or undefined when there are none. */
  fill: ((cells: unknown[]) => void) | undefined;
  /** The columns the products are made of. */
  factors: number[];
  /** Each product: its header (as --map wrote it) and its factors' columns. */
  products: { target: string; factors: number[] }[];
}

export function deriveProducts(header: readonly string[], map: ReadonlyMap<string, string>): Derived {
  const products: { at: number; target: string; factors: number[] }[] = [];
  const extended = [...header];
  for (const target of new Set(map.values())) {
    if (findNamedHeader(header, target) !== undefined || !target.includes('*')) continue;
    const factors = target.split('*').map((name) => findNamedHeader(header, name.trim()));
    if (factors.length < 2 || factors.some((i) => i === undefined)) continue;
    products.push({ at: extended.length, target, factors: factors as number[] });
    extended.push(target);
  }
  if (products.length === 0) return { header: extended, fill: undefined, factors: [], products: [] };
  return {
    header: extended,
    products,
    factors: products.flatMap((p) => p.factors),
    fill: (cells) => {
      for (const { at, factors } of products) cells[at] = product(cells, factors);
    },
  };
}

/** The product as text; blank when a factor is blank; the bad factor itself when one is not a number. */
function product(cells: readonly unknown[], factors: number[]): unknown {
  let value = 1;
  for (const index of factors) {
    const factor = parseAmount(cells[index]);
    if (factor === MISSING_AMOUNT) return '';
    if (Number.isNaN(factor)) return cells[index];
    value *= factor;
  }
  // 12 significant digits: 6 × 2.55 is 15.3, not 15.299999999999999.
  return String(Number(value.toPrecision(12)));
}
