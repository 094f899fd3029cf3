import type { CellBytes } from '../io/records.js';
// A cell that says nothing (METRICS.md "Missing values"): empty, R's NA,
// N/A, Excel's #N/A, null, or a lone dash (X writes "-" in columns that do
// not apply). Blanks follow each column's rule and are counted in notes;
// "NaN", "Infinity" and "12abc" are not blank but bad.

/** The ways exports write "nothing", lower-cased (the SQL forms test cells against the same list). */
export const BLANK_WORDS: readonly string[] = ['', 'na', 'n/a', '#n/a', 'null', '-', '—'];
const BLANK_WORD_SET = new Set(BLANK_WORDS);

/** Whether trimmed text is one of the ways exports write "nothing". */
export function isBlankText(trimmed: string): boolean {
  const length = trimmed.length;
  if (length === 0) return true;
  // Decided by the first character for almost every cell, without a lower-cased copy.
  if (length > 4 || !MAY_START_BLANK.has(trimmed.charCodeAt(0))) return false;
  return BLANK_WORD_SET.has(trimmed.toLowerCase());
}

/** n, N, #, -, — : the first characters of the blank words. */
const MAY_START_BLANK = new Set([0x6e, 0x4e, 0x23, 0x2d, 0x2014]);

export function isBlankCell(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  const length = cell.length;
  if (length === 0) return true;
  // A cell with text at both ends needs no trimmed copy.
  if (cell.charCodeAt(0) > 32 && cell.charCodeAt(length - 1) > 32) return isBlankText(cell);
  return isBlankText(cell.trim());
}

/** A cell as trimmed text, '' when it is blank. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  const length = cell.length;
  const text = length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(length - 1) > 32 ? cell : cell.trim();
  return isBlankText(text) ? '' : text;
}

/** Whether cell `index` of a record is blank, judged from its bytes when a reader gave them (see CellBytes). */
export function isBlankAt(cells: readonly unknown[], index: number, bytes: CellBytes | undefined): boolean {
  if (bytes === undefined || bytes.column !== index || bytes.to < 0) return isBlankCell(cells[index]);
  return !bytes.plain() && isBlankCell(bytes.text());
}
