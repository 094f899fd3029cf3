import { isBlankCell } from '../blank.js';
import { INVALID, parseCount } from '../values.js';
import type { PostColumns } from './post-columns.js';

// Rows that native exports put under the header and that are not posts. Only
// the first data row is looked at, and a skipped row is always reported.

const TOTAL_LABELS = new Set(['total', 'totals', '合計', '総計']);

export function exportQuirk(cells: readonly unknown[], plan: PostColumns): string | undefined {
  // YouTube Studio's "Table data.csv" starts with a Total row that sums all videos.
  const first = cells.find((cell) => typeof cell === 'string' && cell.trim() !== '');
  const timestampBlank = plan.publishedAt === undefined || isBlank(cells[plan.publishedAt.index]);
  if (typeof first === 'string' && TOTAL_LABELS.has(first.trim().toLowerCase()) && timestampBlank) {
    return 'Total row under the header (as YouTube Studio writes) skipped';
  }
  // Meta's exports describe each column in a second header row: every number cell is prose.
  const numeric = [...(plan.basis ? [plan.basis] : []), ...plan.interactions].map((c) => parseCount(cells[c.index]));
  if (numeric.every((value) => value === INVALID)) {
    return 'column-description row under the header (as Meta exports write) skipped';
  }
  return undefined;
}

function isBlank(cell: unknown): boolean {
  return isBlankCell(cell);
}
