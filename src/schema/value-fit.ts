import { cellText, isBlankCell } from './blank.js';
import { INVALID, parseAmount, parseCount } from './values.js';

// Whether a column found by its header's name holds values of its role,
// judged on the file's first records (FileHeader.sample). A header is a
// guess: an HTTP "status" (200, 307, 404) is no event name, a "Publish time"
// of times of day alone (Excel's 0.8333) is no date, a "Recommend" of
// "Strongly agree" is no score. A column that does not fit is passed over
// for the next candidate, and the reason is shown (engage columns, errors).

/**
 * Times of day written alone: "20:00", "8:30 PM", "20:00:05", or a workbook's
 * time cell, which is a date on Excel's day zero (1899-12-30T20:00:00).
 */
const TIME_OF_DAY = /^(?:1899-12-3[01][T ])?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?$/i;

/** Whether a value is a time of day without a date (see TIME_OF_DAY; a number in [0, 1) is Excel's fraction of a day). */
export function isTimeOfDay(value: unknown): boolean {
  return typeof value === 'number' ? value >= 0 && value < 1 : TIME_OF_DAY.test(cellText(value));
}

/** A date without a time: "2025-08-22", "2025-08-22T00:00:00", "8/22/2025", "20250822". */
const DATE_ONLY = /^(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T ]00:00(?::00(?:\.0+)?)?)?|\d{1,2}\/\d{1,2}\/\d{2,4}|\d{8})$/;

export function isDateOnly(value: unknown): boolean {
  return DATE_ONLY.test(cellText(value));
}
const INTEGER = /^[-+]?\d+$/;

function shown(values: readonly unknown[]): string {
  const distinct = [...new Set(values.map((v) => cellText(v)))];
  return `${distinct.slice(0, 3).map((v) => `"${v}"`).join(', ')}${distinct.length > 3 ? ', …' : ''}`;
}

/** Whether more than half of the values fail `fits` (a few bad cells are left to the row checks). */
function mostlyNot(values: readonly unknown[], fits: (value: unknown) => boolean): boolean {
  return values.filter((value) => !fits(value)).length * 2 > values.length;
}

/**
 * Why the values do not fit the column's role, or undefined when they do
 * (or when the sample has no value to judge: blanks say nothing).
 */
export function valueMisfit(spec: { name: string; kind: 'text' | 'count' | 'number' | 'timestamp' }, cells: readonly unknown[]): string | undefined {
  const values = cells.filter((cell) => !isBlankCell(cell));
  if (values.length === 0) return undefined;
  if (spec.kind === 'timestamp') {
    if (values.every(isTimeOfDay)) return `its values are times of day without a date (${shown(values)})`;
    return undefined;
  }
  if (spec.kind === 'count') {
    if (mostlyNot(values, (value) => parseCount(value) !== INVALID)) return `its values are not counts (${shown(values)})`;
    return undefined;
  }
  if (spec.kind === 'number') {
    if (mostlyNot(values, (value) => !Number.isNaN(parseAmount(value)))) return `its values are not numbers (${shown(values)})`;
    return undefined;
  }
  if (spec.name === 'event') {
    // Event names are words; a column of whole numbers is a code (an HTTP status, a type id).
    if (values.every((value) => typeof value === 'number' || INTEGER.test(cellText(value)))) return `its values are numbers (${shown(values)}), not event names`;
  }
  return undefined;
}
