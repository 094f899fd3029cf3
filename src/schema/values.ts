import { cellText, isBlankText } from './blank.js';

// Cell parsers. They run once per used cell on the hot path, so they return
// numbers with sentinels instead of allocating result objects. zod is not used
// here on purpose: its coercion turns "" into 0, which would invent data.

/** The cell is blank (or null in JSON). */
export const MISSING = -1;
/** The cell holds something that is not a count. */
export const INVALID = -2;

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * A non-negative finite decimal count: "12", "12.5", "1,234", " 7 ", 1e3.
 * Returns MISSING for blanks and INVALID for anything else (negative, NaN,
 * Infinity, hex, "12abc", numbers too large to be finite).
 */
export function parseCount(cell: unknown): number {
  if (typeof cell === 'string') return parseCountText(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) && cell >= 0 ? cell : INVALID;
  if (cell === null || cell === undefined) return MISSING;
  return INVALID;
}

function parseCountText(text: string): number {
  const length = text.length;
  if (length === 0) return MISSING;
  // Fast path: plain digits, the overwhelmingly common case.
  let value = 0;
  let i = 0;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    value = value * 10 + (code - DIGIT_0);
  }
  if (i === length && length <= 15) return value;
  return parseCountSlow(text);
}

const PLAIN_DECIMAL = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS = /^\+?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** The shapes of a count's text: a plain decimal, or one with thousands separators (commas dropped before it is read). */
export const COUNT_SHAPES: readonly RegExp[] = [PLAIN_DECIMAL, THOUSANDS];

function parseCountSlow(raw: string): number {
  const text = raw.trim();
  if (isBlankText(text)) return MISSING;
  let candidate: string;
  if (PLAIN_DECIMAL.test(text)) candidate = text;
  else if (THOUSANDS.test(text)) candidate = text.replace(/,/g, '');
  else return INVALID;
  const value = Number(candidate);
  return Number.isFinite(value) ? value : INVALID;
}

/** What parseCount expects, for error messages. */
export const COUNT_EXPECTED = 'a count: a whole or decimal number ≥ 0, like 1234 or "1,234"';


/** What parseAmount expects, for error messages. */
export const AMOUNT_EXPECTED = 'an amount: a number like 12.50, -3, "1,234.50" or $12.50';

/** An amount's shape: a sign, a currency sign, digits with thousands separators or not, decimals. */
export const AMOUNT = /^([-+])?\s*[$€£¥₩]?\s*(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?$/;

/**
 * A signed money amount (refunds are negative): "12.5", "-3", "1,234.50",
 * "$12.50", "¥1,200". NaN for blanks is never returned: MISSING_AMOUNT is.
 */
export function parseAmount(cell: unknown): number {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : Number.NaN;
  if (cell === null || cell === undefined) return MISSING_AMOUNT;
  if (typeof cell !== 'string') return Number.NaN;
  const text = cell.trim();
  if (isBlankText(text)) return MISSING_AMOUNT;
  const match = AMOUNT.exec(text);
  if (!match || (match[2] === undefined && match[3] === undefined)) return Number.NaN;
  const value = Number(`${match[2] ?? '0'}${match[3] ?? ''}`.replace(/,/g, ''));
  if (!Number.isFinite(value)) return Number.NaN;
  return match[1] === '-' ? -value : value;
}

/** A blank amount: not a number, and not an error. */
export const MISSING_AMOUNT = Number.NEGATIVE_INFINITY;

/** A cell as an error message shows it: text as it is, JSON values as JSON, cut at 60 characters. */
export function showCell(cell: unknown): string {
  const text = typeof cell === 'string' ? cell : cell !== null && typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The label of a --group-by value that says nothing. */
export const BLANK_LABEL = '(blank)';

/** A cell as a --group-by value or label: trimmed text, "(blank)" when empty. */
export function groupLabel(cell: unknown): string {
  const text = cellText(cell);
  return text === '' ? BLANK_LABEL : text;
}

/** A label that sorts as a number (the SQL forms sort by the same pattern). */
export const NUMBER_LABEL = /^-?\d+(\.\d+)?$/;
