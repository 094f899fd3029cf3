import { UsageError } from '../../errors.js';
import type { FileHeader } from '../../io/records.js';
import { normalizeHeader, type ResolvedColumn } from '../columns.js';

/**
 * A unit price guessed as the amount beside a quantity column would make a
 * row's revenue the price of one item. The rule: a header found by an alias
 * that names a price (not a total) is refused for the amount when the file
 * has a quantity; --map says which it is (a product, or the price itself).
 */
export function assertNotUnitPrice(amount: ResolvedColumn, file: FileHeader): void {
  if (amount.via !== 'alias' && amount.via !== 'name') return;
  const name = normalizeHeader(amount.header);
  if (!name.includes('price') || /total|revenue|sales|amount/.test(name)) return;
  const quantity = file.header.find((header) => /^(quantity|qty|units?|lineitemquantity|数量)$/.test(normalizeHeader(header)));
  if (quantity === undefined) return;
  throw new UsageError(`"${amount.header}" looks like a unit price and ${file.file} has "${quantity}": a row's revenue is likely their product, not the price`, [
    `--map amount="${amount.header}*${quantity}" reads each row's revenue as the product`,
    `--map amount="${amount.header}" reads "${amount.header}" as the row's revenue as it is`,
  ]);
}
