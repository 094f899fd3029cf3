// A cell that says nothing (METRICS.md "Missing values"): empty, R's NA,
// N/A, Excel's #N/A, null, or a lone dash (X writes "-" in columns that do
// not apply). Blanks follow each column's rule and are counted in notes;
// "NaN", "Infinity" and "12abc" are not blank but bad.

const BLANK_WORDS = new Set(['', 'na', 'n/a', '#n/a', 'null', '-', '—']);

/** Whether trimmed text is one of the ways exports write "nothing". */
export function isBlankText(trimmed: string): boolean {
  return trimmed.length <= 4 && BLANK_WORDS.has(trimmed.toLowerCase());
}

export function isBlankCell(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  // The common case, a cell with text, is decided without trimming.
  if (cell.length > 4 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32) return false;
  return isBlankText(cell.trim());
}

/** A cell as trimmed text, '' when it is blank. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  const text = typeof cell === 'string' ? cell.trim() : String(cell);
  return isBlankText(text) ? '' : text;
}
