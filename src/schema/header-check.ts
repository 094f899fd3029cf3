import { DataError } from '../errors.js';
import type { FileHeader } from '../io/records.js';
import { TimeZone } from '../time/zone.js';
import type { RowKind } from './row-kinds.js';
import { parseTimestamp } from './timestamps.js';

// A CSV file without a header line (Taobao's UserBehavior.csv, many database
// dumps) would otherwise have its first record taken as the header: that
// record lost, and columns named "1" and "1511544070". When most of the
// first line's cells are numbers or times, engage stops and asks for the
// names with --header instead of guessing.

const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;
const UTC = new TimeZone('UTC');

function looksLikeValue(cell: string): boolean {
  const text = cell.trim();
  return NUMBER.test(text) || (text.length >= 8 && !Number.isNaN(parseTimestamp(text, UTC)));
}

/** Whether a header line reads as a record: most of its cells (and at least two) are numbers or times. */
export function headerLooksLikeData(header: readonly string[]): boolean {
  const values = header.filter(looksLikeValue).length;
  return values >= 2 && values * 2 > header.length;
}

/**
 * An example --header for such a line: for customer events, the role its
 * values suggest (a time, a word for the event, the first other column for
 * the customer), to be checked against the values shown beside it.
 */
function exampleHeader(header: readonly string[], kind: RowKind): string {
  if (kind !== 'events') return header.map((_, i) => `c${i + 1}`).join(',');
  let customer = false;
  let event = false;
  let time = false;
  return header
    .map((cell, i) => {
      const text = cell.trim();
      if (!time && /^\d{9,19}$|[-/:]/.test(text) && !Number.isNaN(parseTimestamp(text, UTC))) return (time = true) && 'timestamp';
      if (!event && /^[A-Za-z_][\w ]*$/.test(text)) return (event = true) && 'event';
      if (!customer) return (customer = true) && 'customer_id';
      return `c${i + 1}`;
    })
    .join(',');
}

export function assertHeaderIsNotData(file: FileHeader, kind: RowKind): void {
  if (file.format !== 'csv' || file.given || file.part || !headerLooksLikeData(file.header)) return;
  throw new DataError({ file: file.file, line: file.headerLine }, `the first line looks like data, not a header: ${file.header.map((h) => `"${h}"`).join(', ')}`, [
    `if the file has no header line, name its ${file.header.length} columns in order with --header (the first line is then read as data), e.g. --header ${exampleHeader(file.header, kind)}`,
    'check each name against the values above; engage finds customer_id, timestamp, event, amount and order_id by these names',
  ]);
}
