import { DataError } from '../../errors.js';
import { readingColumns, type FileHeader, type RecordCursor, type RecordHandler } from '../../io/records.js';
import { counted } from '../../notes/plural.js';
import { MS_PER_DAY } from '../../time/calendar.js';
import { cellText } from '../blank.js';
import { assertUsedHeadersUnique, missingColumnError, specNamed, type ResolvedColumn, type Resolution } from '../columns.js';
import { ROW_COLUMNS } from '../row-kinds.js';
import { BLANK_LABEL, COUNT_EXPECTED, groupLabel, INVALID, MISSING, parseCount, showCell } from '../values.js';
import type { Keyed, PlanGathered, RowContext, RowPlan, RowSink } from './row-plan.js';
import { TimeSetup, type TimeOptions } from './time-setup.js';
import type { Fix } from '../../notes/tally.js';
import { monthDay } from '../yearless.js';

// The reading of account-level daily files for `engage growth` (social.md
// "Follower growth"): each row a day of an account, its followers at the
// day's end and what it gained and lost that day, as many of them as the
// export has. A description row under the header (the legacy Facebook
// Insights export writes one) is skipped and said.

export interface AccountInput extends Keyed {
  /** The day number in --tz. */
  day: number;
  time: number;
  /** NaN where the file has no such column or the cell is blank. */
  followers: number;
  gained: number;
  lost: number;
}

/** Which of the three counts the files had: the table prints those. */
export interface AccountCounts {
  followers: boolean;
  gained: boolean;
  lost: boolean;
  platform: boolean;
}

const COLUMNS = ROW_COLUMNS.accounts;

export class AccountPlan implements RowPlan<AccountInput> {
  readonly kind = 'accounts' as const;
  readonly columns = COLUMNS;
  readonly time: TimeSetup;
  readonly counts: AccountCounts = { followers: false, gained: false, lost: false, platform: false };

  constructor(options: TimeOptions) {
    this.time = new TimeSetup(options);
  }

  notes(): string[] {
    return this.time.span.outside > 0 ? [`${counted(this.time.span.outside, 'day')} outside --since/--until not counted`] : [];
  }

  gathered(): PlanGathered {
    return { reach: this.time.span.reach() };
  }

  absorb(gathered: PlanGathered): void {
    this.time.span.absorb(gathered.reach);
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext, sink: RowSink<AccountInput>): RecordHandler {
    const at = { file: file.file, line: file.headerLine };
    const date = resolution.columns.get('date');
    if (date === undefined) throw missingColumnError(file, specNamed(COLUMNS, 'date'), 'the day of each row', undefined, resolution.refused);
    const [followers, gained, lost] = (['followers', 'followers_gained', 'followers_lost'] as const).map((name) => resolution.columns.get(name));
    if (followers === undefined && gained === undefined && lost === undefined) {
      const tiktok = file.header.includes('Video Views') && file.header.includes('Profile Views');
      throw new DataError(at, `no follower counts: engage growth reads followers, followers_gained or followers_lost${tiktok ? " (TikTok Studio's Overview has none: its FollowerHistory.csv has them)" : ''}`, [
        'name a column with --map followers="Your header" (or followers_gained=…, followers_lost=…)',
        `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`,
      ]);
    }
    const platform = resolution.columns.get('platform');
    Object.assign(this.counts, { followers: this.counts.followers || followers !== undefined, gained: this.counts.gained || gained !== undefined, lost: this.counts.lost || lost !== undefined, platform: this.counts.platform || platform !== undefined });
    const used = [date, platform, followers, gained, lost].filter((c): c is ResolvedColumn => c !== undefined);
    assertUsedHeadersUnique(file.header, used.map((c) => c.index), file.file, file.headerLine);
    const here = (column?: ResolvedColumn) => () => ({ file: file.file, line: cursor.line(), column: column?.header });
    const { time: clock } = this;
    // Every day's date is read: only --week-start can have nothing to act on (periods other than weeks).
    clock.assertActs(true);
    const fileClock = clock.forFile(file.file);
    const reach = clock.spanRecorder(true);
    const row: AccountInput = { period: 0, groups: [''], day: 0, time: 0, followers: Number.NaN, gained: Number.NaN, lost: Number.NaN };
    let firstRow = file.part !== true;
    // Days in file order: with one --year, a date before the previous row's by half a year is the next year's.
    let previous: { day: number; written: string } | undefined;
    const crossesYear: Fix = { hint: () => "give the export's date range instead, e.g. --year 2025-02-28..2026-02-27", skippable: false };
    const count = (cells: readonly unknown[], column: ResolvedColumn | undefined): number => {
      if (column === undefined) return Number.NaN;
      // TikTok's FollowerHistory writes "undefined" for a day it has no count of.
      if (cellText(cells[column.index]) === 'undefined') {
        context.notes.add(`undefined:${column.name}`, (n) => `${counted(n, `"${column.header}" cell`)} written "undefined" (TikTok's day without a count): no count that day`, here(column));
        return Number.NaN;
      }
      const value = parseCount(cells[column.index]);
      if (value === MISSING) {
        context.notes.add(`blank:${column.name}`, (n) => `${counted(n, `blank "${column.header}" cell`)}: no count that day`, here(column));
        return Number.NaN;
      }
      if (value === INVALID) {
        context.problems.add(`${column.name}:bad`, (n) => `${counted(n, 'row')} with a bad "${column.header}" value: expected ${COUNT_EXPECTED}; the first was "${showCell(cells[column.index])}"`, here(column));
        return INVALID;
      }
      return value;
    };
    return readingColumns((cells) => {
      const written = cellText(cells[date.index]);
      // A row of descriptions under the header (no date, words where the counts are) is the export's, not a day.
      if (firstRow) {
        firstRow = false;
        const countColumns = [followers, gained, lost].filter((c) => c !== undefined);
        if (written === '' && countColumns.every((c) => parseCount(cells[c.index]) === INVALID)) {
          context.platformRows++;
          context.notes.add('quirk:descriptions', () => 'a row of column descriptions under the header (as the legacy Facebook Insights export writes) skipped', here());
          return;
        }
      }
      const time = fileClock.read(cells[date.index]);
      if (Number.isNaN(time)) {
        clock.reportBadTime(context.problems, fileClock, date, cells[date.index], here(date));
        return;
      }
      if (clock.span.leavesOut(time)) return;
      const values = [count(cells, followers), count(cells, gained), count(cells, lost)];
      if (values.includes(INVALID)) return;
      reach.see(cells[date.index], time);
      row.day = Math.floor((time + clock.zone.offsetAt(time)) / MS_PER_DAY);
      if (fileClock.oneYear && monthDay(written) !== undefined) {
        if (previous !== undefined && row.day < previous.day - 180) {
          const from = previous.written;
          context.problems.add('date:new-year', () => `the dates go back from "${from}" to "${written}": the export crosses a new year, and one --year puts both in the same one`, here(date), crossesYear);
          return;
        }
        previous = { day: row.day, written };
      }
      row.time = time;
      [row.followers, row.gained, row.lost] = values;
      row.groups[0] = platform === undefined ? '' : groupLabel(cells[platform.index]) || BLANK_LABEL;
      context.counted++;
      sink.add(row);
    }, used.map((c) => c.index));
  }
}
