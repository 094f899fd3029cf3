import { CellBytes, cellAt, readingColumns, type FileHeader, type RecordCursor, type RecordHandler } from '../../io/records.js';
import { counted } from '../../notes/plural.js';
import { assertUsedHeadersUnique, type Resolution } from '../columns.js';
import type { Basis } from '../post.js';
import { isBlankAt, isBlankCell } from '../blank.js';
import { ROW_COLUMNS } from '../row-kinds.js';
import { COUNT_EXPECTED, groupLabel, INVALID, MISSING, parseCount, showCell } from '../values.js';
import { readOnce } from './cell-labels.js';
import { fillGroups, groupLabels } from './group-columns.js';
import { derivedLabels } from './derived-labels.js';
import { planPostColumns, type PostColumns, type UsedColumn } from './post-columns.js';
import { exportQuirk } from './post-quirks.js';
import type { Keyed, PlanGathered, RowContext, RowPlan, RowSink } from './row-plan.js';
import { TimeSetup, writesTimeOfDay, type TimeOptions } from './time-setup.js';

// The reading of social post exports for `engage rate`: per file, the basis
// and interaction columns are chosen (aliases, --by, --interactions) and
// stated as a formula; per row, the time is read first when --period or
// --since/--until need it, then the counts. Platform rows under the header
// (YouTube's Total, Meta's descriptions) are left out with a note.

export interface PostInput extends Keyed {
  /** Sum of the interaction columns in use (blanks counted as 0). */
  interactions: number;
  /** The basis (followers, reach, …); negative when the cell was blank. */
  basis: number;
  /** Epoch ms, or NaN when unknown or not read. */
  publishedAt: number;
  /** The date as written when it could not be placed in time (no year) and nothing needed it to. */
  publishedText: string | undefined;
  /** Read only when posts are listed (--per-post, --top). */
  id: string | undefined;
  platform: string | undefined;
  /**
   * With a derived grouping (--group-by @hashtag, @weekday …): each set of group labels the
   * post counts in (one per hashtag; none without a time); `groups` then holds what a listed
   * post shows. Undefined otherwise: the post is in `groups` only.
   */
  memberships?: string[][];
}

export interface PostPlanOptions extends TimeOptions {
  groupBy: string[];
  by?: Basis;
  interactions?: string[];
  /** Posts are listed one by one: ids, platforms and times are read. */
  listing: boolean;
  /** Every post needs its time (breakouts are scored against the posts before each). */
  timed?: boolean;
  /** The basis is the account's followers at posting time (engage growth --posts): no basis column is read. */
  accountBasis?: boolean;
}

const COLUMNS = ROW_COLUMNS.posts;

export class PostPlan implements RowPlan<PostInput> {
  readonly kind = 'posts' as const;
  readonly columns = COLUMNS;
  readonly time: TimeSetup;
  /** The columns each file was read with, in the order the files came. */
  readonly files: { file: string; columns: PostColumns }[] = [];

  constructor(readonly options: PostPlanOptions) {
    this.time = new TimeSetup(options);
  }

  notes(): string[] {
    return this.time.span.outside > 0 ? [`${counted(this.time.span.outside, 'post')} outside --since/--until were not counted`] : [];
  }

  gathered(): PlanGathered {
    return { reach: this.time.span.reach() };
  }

  absorb(gathered: PlanGathered): void {
    this.time.span.absorb(gathered.reach);
  }

  /** The formula of the rate: one, or one per file when the files differ. */
  get formula(): string {
    const formulas = [...new Set(this.files.map((f) => f.columns.formula))];
    return formulas.length === 1 ? formulas[0] : this.files.map((f) => `${f.file}: ${f.columns.formula}`).join('; ');
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext, sink: RowSink<PostInput>): RecordHandler {
    const { time: clock, options } = this;
    const plan = planPostColumns(file, resolution, COLUMNS, options, clock.needed);
    // Timestamps cost the most per row: they are read only when something needs them.
    const clockGroups = plan.groups.some((g) => g.derived === '@weekday' || g.derived === '@hour');
    const readTimestamp = clock.needed || options.listing || clockGroups;
    // A date without a year can be listed as written, but not placed in a weekday, an hour or a baseline.
    const timeNeeded = clock.needed || clockGroups || options.timed === true;
    const hourGroup = plan.groups.some((g) => g.derived === '@hour');
    clock.assertActs(readTimestamp, plan.groups.some((g) => g.derived === '@weekday'));
    const used = [...(plan.basis ? [plan.basis] : []), ...plan.interactions, ...plan.groups.filter((g) => g.derived === undefined || g.derived === '@hashtag' || g.derived === '@format'), ...plan.groups.flatMap((g) => (g.listed ? [g.listed] : []))];
    if (readTimestamp && plan.publishedAt) used.push(plan.publishedAt);
    assertUsedHeadersUnique(file.header, used.map((c) => c.index), file.file, file.headerLine);
    this.files.push({ file: file.file, columns: plan });
    if (plan.repeated.length > 0) {
      context.notes.add(`repeated:${file.file}`, () => `--interactions names ${plan.repeated.join(', ')} more than once: each column is counted once`, () => ({ file: file.file, line: file.headerLine }));
    }
    // Two count columns for one meaning (X's Shares and Reposts) change the numbers: say which was used.
    for (const shadow of resolution.shadowed) {
      if (used.some((c) => c.header === shadow.usedHeader && c.name !== 'published_at')) {
        context.notes.add(`shadow:${file.file}:${shadow.header}`, () => `"${shadow.header}" also means ${shadow.column}; "${shadow.usedHeader}" was used (--map ${shadow.column}="${shadow.header}" to use the other)`, () => ({ file: file.file, line: file.headerLine }));
      }
    }

    const interactionIndexes = plan.interactions.map((c) => c.index);
    const basisIndex = plan.basis?.index ?? -1;
    const timestampIndex = readTimestamp && plan.publishedAt ? plan.publishedAt.index : -1;
    const here = (column?: UsedColumn) => () => ({ file: file.file, line: cursor.line(), column: column?.header });
    // Blank cells are expected and frequent: their notes are made once per file, not once per cell.
    const blankInteraction = plan.interactions.map((column) => ({
      key: `blank:${column.name}`,
      describe: (n: number) => `${counted(n, `blank "${column.header}" cell`)} counted as 0`,
      at: here(column),
    }));
    const blankBasis = {
      key: `blank:${plan.basis?.name}`,
      describe: (n: number) => `${counted(n, 'post')} with a blank "${plan.basis?.header}" left out of the rates`,
      at: here(plan.basis),
    };
    const bad = (column: UsedColumn, value: unknown): void => {
      context.problems.add(`${column.name}:bad`, (n) => `${counted(n, 'row')} with a bad "${column.header}" value: expected ${COUNT_EXPECTED}; the first was "${showCell(value)}"`, here(column));
    };
    const { periods, span } = clock;
    const reach = clock.spanRecorder();
    const fileClock = clock.forFile(file.file);
    const row: PostInput = { interactions: 0, basis: 0, publishedAt: Number.NaN, publishedText: undefined, period: 0, groups: new Array(plan.groups.length), id: undefined, platform: undefined };
    // Export quirks sit on a file's first data row, which a later part of the file does not have.
    let firstRow = file.part !== true;

    const timeBytes = timestampIndex >= 0 ? clock.bytesOf(timestampIndex) : undefined;
    const idIndex = plan.postId?.index ?? -1;
    const dateIndex = plan.publishedAt?.index ?? -1;
    const countIndexes = basisIndex < 0 ? interactionIndexes : [basisIndex, ...interactionIndexes];
    const columnGroups = plan.groups.filter((g) => g.derived === undefined);
    const labels = groupLabels(columnGroups);
    const derive = plan.groups.some((g) => g.derived !== undefined) ? derivedLabels(plan.groups, clock.zone, context, here) : undefined;
    // Who reads which column: the date and the group labels are taken as bytes when no other role reads them.
    const listed = options.listing ? [plan.postId?.index, plan.platform?.index] : [];
    const readByOne = readOnce([...countIndexes, ...plan.groups.map((c) => c.index), ...plan.groups.flatMap((g) => (g.listed ? [g.listed.index] : [])), idIndex, dateIndex, ...listed]);
    // The post's id is read only to tell a deleted post (blank id and date) unless posts are listed.
    const idBytes = idIndex >= 0 ? new CellBytes(idIndex) : undefined;
    const describeDeleted = (n: number) => `${counted(n, 'row')} with no post id, no date and no counts (X writes one for each deleted post) left out`;

    return readingColumns((cells) => {
      if (firstRow) {
        firstRow = false;
        const quirk = exportQuirk(cells, plan);
        if (quirk) {
          context.platformRows++;
          context.notes.add(`quirk:${quirk}`, () => quirk, here());
          return;
        }
      }
      if (idIndex >= 0 && isBlankAt(cells, idIndex, idBytes) && (dateIndex < 0 || isBlankAt(cells, dateIndex, timeBytes)) && isNoPost(cells, countIndexes)) {
        context.platformRows++;
        context.notes.add('quirk:deleted', describeDeleted, here());
        return;
      }
      let timestamp = Number.NaN;
      let asWritten: string | undefined;
      // An ISO time given as bytes is read from them; any other cell as text, as before.
      if (timestampIndex >= 0 && (timestamp = clock.timeOfBytes(timeBytes)) === timestamp) {
        if (span.leavesOut(timestamp)) return;
      } else if (timestampIndex >= 0) {
        const raw = cellAt(cells, timestampIndex, timeBytes);
        if (isBlankCell(raw)) {
          // A post without a date (YouTube Studio writes none for unlisted videos) has no period.
          if (clock.needed) {
            context.notes.add('published_at:blank', (n) => `${counted(n, 'post')} with a blank "${plan.publishedAt!.header}" left out: --period, --since and --until need a date`, here(plan.publishedAt));
            return;
          }
        } else {
          timestamp = fileClock.read(raw);
          if (Number.isNaN(timestamp)) {
            // Listing posts needs no date: one without a year is shown as written.
            if (!timeNeeded && fileClock.lacksYear(raw)) asWritten = String(raw).trim();
            else {
              clock.reportBadTime(context.problems, fileClock, plan.publishedAt!, raw, here(plan.publishedAt));
              return;
            }
          } else if (span.leavesOut(timestamp)) return;
        }
      }
      let ok = true;
      let interactions = 0;
      for (let i = 0; i < interactionIndexes.length; i++) {
        const value = parseCount(cells[interactionIndexes[i]]);
        if (value >= 0) interactions += value;
        else if (value === MISSING) {
          const note = blankInteraction[i];
          context.notes.add(note.key, note.describe, note.at);
        } else {
          bad(plan.interactions[i], cells[interactionIndexes[i]]);
          ok = false;
        }
      }
      // Without a basis column of its own (engage growth --posts), a post's basis is unknown here: -1, as a blank.
      let basis = -1;
      if (basisIndex >= 0) {
        basis = parseCount(cells[basisIndex]);
        if (basis === INVALID) {
          bad(plan.basis!, cells[basisIndex]);
          ok = false;
        } else if (basis === MISSING) context.notes.add(blankBasis.key, blankBasis.describe, blankBasis.at);
      }
      if (!ok) return;
      if (derive === undefined) fillGroups(row.groups, labels, cells);
      else row.memberships = derive(row.groups, labels, cells, timestamp, !hourGroup || timestampIndex < 0 || writesTimeOfDay(cellAt(cells, timestampIndex, timeBytes)));
      if (timestampIndex >= 0) reach.see(reach.needsCell ? cellAt(cells, timestampIndex, timeBytes) : undefined, timestamp);
      row.interactions = interactions;
      row.basis = basis;
      row.publishedAt = timestamp;
      row.publishedText = asWritten;
      row.period = periods ? periods.keyOf(timestamp) : 0;
      row.id = options.listing && plan.postId ? groupLabel(cells[plan.postId.index]) : undefined;
      row.platform = options.listing && plan.platform ? groupLabel(cells[plan.platform.index]) : undefined;
      context.counted++;
      sink.add(row);
    }, [...used.map((c) => c.index), ...[plan.postId, plan.publishedAt, plan.platform].flatMap((c) => (c ? [c.index] : []))], {
      counts: countsOnly(countIndexes, [...plan.groups, ...plan.groups.map((g) => g.listed), plan.postId, plan.publishedAt, plan.platform]),
      cellBytes: [timeBytes, idBytes, ...labels.map((l) => l.bytes)].filter((cell): cell is CellBytes => cell !== undefined && readByOne(cell.column)),
    });
  }
}

/** The count columns nothing reads as text (a --group-by, the id, the date): a reader may hand those as numbers. */
function countsOnly(counts: readonly number[], asText: readonly (UsedColumn | undefined)[]): number[] {
  const text = new Set(asText.flatMap((c) => (c ? [c.index] : [])));
  return counts.filter((index) => !text.has(index));
}

/** Every count of the row is zero or blank: with no id and no date, it is no post. */
function isNoPost(cells: readonly unknown[], indexes: readonly number[]): boolean {
  for (const index of indexes) {
    const value = parseCount(cells[index]);
    if (value !== 0 && value !== MISSING) return false;
  }
  return true;
}
