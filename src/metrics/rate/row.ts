import type { FileHeader, RecordCursor, RecordHandler } from '../../io/records.js';
import type { TimestampReader } from '../../schema/date-format.js';
import { timestampProblem } from '../../schema/timestamps.js';
import { COUNT_EXPECTED, groupLabel, INVALID, MISSING, parseCount, showCell } from '../../schema/values.js';
import type { RatePost } from '../engagement-rate.js';
import type { RowContext } from '../job.js';
import type { RateFilePlan, UsedColumn } from './file-plan.js';
import { counted } from '../plural.js';
import { exportQuirk } from './quirks.js';

// The per-row work of `engage rate`, compiled once per file: positions are
// fixed, only the used cells are converted, and the row object is reused.

export interface RateRowSetup {
  file: FileHeader;
  plan: RateFilePlan;
  cursor: RecordCursor;
  context: RowContext;
  readTime: TimestampReader;
  readTimestamp: boolean;
  needsTimestamp: boolean;
  /** --per-post or --top: post ids and platforms are kept. */
  listing: boolean;
  accept(post: RatePost, timestamp: number, groupValues: string[], id: string | undefined, platform: string | undefined): void;
}

export function compileRateRow(setup: RateRowSetup): RecordHandler {
  const { file, plan, cursor, context, readTime } = setup;
  const interactionIndexes = plan.interactions.map((c) => c.index);
  const basisIndex = plan.basis.index;
  const timestampIndex = setup.readTimestamp && plan.publishedAt ? plan.publishedAt.index : -1;
  const groupIndexes = plan.groups.map((c) => c.index);
  const groupValues: string[] = new Array(groupIndexes.length);
  const post: RatePost = { interactions: 0, basis: 0, publishedAt: Number.NaN };
  const here = (column?: UsedColumn) => () => ({ file: file.file, line: cursor.line(), column: column?.header });
  let firstRow = true;
  // Blank cells are expected and frequent: their notes are made once per file, not once per cell.
  const blankInteraction = plan.interactions.map((column) => ({
    key: `blank:${column.name}`,
    describe: (n: number) => `${counted(n, `blank "${column.header}" cell`)} counted as 0`,
    at: here(column),
  }));
  const blankBasis = {
    key: `blank:${plan.basis.name}`,
    describe: (n: number) => `${counted(n, 'post')} with a blank "${plan.basis.header}" left out of the rates`,
    at: here(plan.basis),
  };

  const bad = (column: UsedColumn, value: unknown, expected: string): void => {
    context.problems.add(`${column.name}:bad`, (n) => `${counted(n, 'row')} with a bad "${column.header}" value: expected ${expected}; the first was "${showCell(value)}"`, here(column));
  };

  return (cells) => {
    if (firstRow) {
      firstRow = false;
      const quirk = exportQuirk(cells, plan);
      if (quirk) {
        context.notes.add(`quirk:${quirk}`, () => quirk, here());
        return;
      }
    }
    let ok = true;
    let timestamp = Number.NaN;
    if (timestampIndex >= 0) {
      const raw = cells[timestampIndex];
      if (raw === '' || raw === null || raw === undefined) {
        if (setup.needsTimestamp) {
          context.problems.add('published_at:blank', (n) => `${counted(n, 'row')} with a blank "${plan.publishedAt!.header}" (a date is needed for --period, --since and --until)`, here(plan.publishedAt));
          ok = false;
        }
      } else {
        timestamp = readTime(raw);
        if (Number.isNaN(timestamp)) {
          context.problems.add('published_at:bad', (n) => `${counted(n, 'row')} with a bad "${plan.publishedAt!.header}"; the first: ${timestampProblem(raw)}`, here(plan.publishedAt));
          ok = false;
        }
      }
    }
    let interactions = 0;
    for (let i = 0; i < interactionIndexes.length; i++) {
      const value = parseCount(cells[interactionIndexes[i]]);
      if (value >= 0) interactions += value;
      else if (value === MISSING) {
        const note = blankInteraction[i];
        context.notes.add(note.key, note.describe, note.at);
      } else {
        bad(plan.interactions[i], cells[interactionIndexes[i]], COUNT_EXPECTED);
        ok = false;
      }
    }
    let basis = parseCount(cells[basisIndex]);
    if (basis === INVALID) {
      bad(plan.basis, cells[basisIndex], COUNT_EXPECTED);
      ok = false;
    } else if (basis === MISSING) {
      context.notes.add(blankBasis.key, blankBasis.describe, blankBasis.at);
      basis = -1;
    }
    if (!ok) return;
    for (let g = 0; g < groupIndexes.length; g++) groupValues[g] = groupLabel(cells[groupIndexes[g]]);
    post.interactions = interactions;
    post.basis = basis;
    post.publishedAt = timestamp;
    const id = setup.listing && plan.postId ? groupLabel(cells[plan.postId.index]) : undefined;
    const platform = setup.listing && plan.platform ? groupLabel(cells[plan.platform.index]) : undefined;
    setup.accept(post, timestamp, groupValues, id, platform);
  };
}
