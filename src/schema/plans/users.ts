import { DataError } from '../../errors.js';
import { readingColumns, type FileHeader, type RecordCursor, type RecordHandler } from '../../io/records.js';
import { counted } from '../../notes/plural.js';
import { cellText } from '../blank.js';
import { assertUsedHeadersUnique, groupColumn, type ResolvedColumn, type Resolution } from '../columns.js';
import { ROW_COLUMNS } from '../row-kinds.js';
import { AMOUNT_EXPECTED, MISSING_AMOUNT, parseAmount, showCell } from '../values.js';
import { fillGroups, groupColumns, groupLabels } from './group-columns.js';
import type { Keyed, RowContext, RowPlan, RowSink } from './row-plan.js';
import { TimeSetup } from './time-setup.js';
import { compileWhere, parseWhere } from './where.js';

// The reading of an experiment's users (experiments.md "What goes in"): one
// row per user, its variant and the columns --metric (and --covariate) name,
// read as numbers; or, with --summary, one row per variant of sums. Either
// way a row becomes the sums it adds to its variant: a user is n = 1, y, y².

export interface ArmInput extends Keyed {
  variant: string;
  n: number;
  y: number;
  yy: number;
  /** A ratio's denominator: Σd, Σd², Σyd. */
  d: number;
  dd: number;
  yd: number;
  /** The covariate: Σx, Σx², Σxy. */
  x: number;
  xx: number;
  xy: number;
  /** Whether every metric value of the row is 0 or 1 (a summary without sum_squares: a proportion). */
  binaryY: boolean;
  binaryX: boolean;
}

export interface UserPlanOptions {
  groupBy: string[];
  where: string[];
  /** --variant: the column of the variants, when the file's own header is not recognised. */
  variant?: string;
  /** The metric's column, and a ratio's denominator column. */
  metric?: { numerator: string; denominator?: string; whole: string; flag: string };
  covariate?: string;
  summary: boolean;
}

const COLUMNS = ROW_COLUMNS.users;

export class UserPlan implements RowPlan<ArmInput> {
  readonly kind = 'users' as const;
  readonly columns = COLUMNS;
  // Users have no time: the zone only names the options in JSON output.
  readonly time = new TimeSetup({ tz: 'UTC', weekStart: 'monday' });
  /** Whether a summary file had sum_squares (a mean) or not (a proportion). */
  summaryKind: 'proportion' | 'mean' | undefined;
  /** Whether the metric was read as a ratio of two columns (A/B, unless the file has a header "A/B"). */
  ratio = false;
  /** Whether a covariate was read (--covariate, or a summary's covariate columns): the analysis is CUPED. */
  covariate = false;

  constructor(readonly options: UserPlanOptions) {}

  private filteredOut = 0;

  notes(): string[] {
    return this.filteredOut > 0 ? [`${counted(this.filteredOut, 'row')} left out by --where`] : [];
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext, sink: RowSink<ArmInput>): RecordHandler {
    const at = { file: file.file, line: file.headerLine };
    const variant = this.options.variant !== undefined ? groupColumn(this.options.variant, file.header, resolution, at, `--variant "${this.options.variant}"`) : resolution.columns.get('variant');
    if (variant === undefined) {
      throw new DataError(at, 'no column of variants', ['name it with --variant "Your header" (or --map variant="Your header")', `the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`]);
    }
    const groups = groupColumns(this.options.groupBy, file, resolution);
    const labels = groupLabels(groups);
    const here = (column?: ResolvedColumn) => () => ({ file: file.file, line: cursor.line(), column: column?.header });
    const row: ArmInput = { variant: '', period: 0, groups: new Array(groups.length), n: 0, y: 0, yy: 0, d: 0, dd: 0, yd: 0, x: 0, xx: 0, xy: 0, binaryY: true, binaryX: true };
    const blankVariant = (n: number) => `${counted(n, `row`)} with a blank "${variant.header}" left out (no variant)`;

    if (this.options.summary) return this.summaryHandler(file, resolution, variant, groups, labels, here, row, context, sink);

    const metric = this.options.metric!;
    const named = (name: string, flag: string) => groupColumn(name, file.header, resolution, at, flag);
    // A header that itself holds the "/" (revenue/orders) is that one column.
    const oneColumn = metric.denominator === undefined || file.header.some((h) => h.trim().toLowerCase() === metric.whole.trim().toLowerCase());
    const numerator = named(oneColumn ? metric.whole : metric.numerator, metric.flag);
    const denominator = oneColumn ? undefined : named(metric.denominator!, metric.flag);
    this.ratio = denominator !== undefined;
    this.covariate = this.options.covariate !== undefined;
    const covariate = this.options.covariate === undefined ? undefined : named(this.options.covariate, `--covariate ${this.options.covariate}`);
    const used = [variant, numerator, denominator, covariate, ...groups].filter((c) => c !== undefined);
    assertUsedHeadersUnique(file.header, used.map((c) => c.index), file.file, file.headerLine);
    /** A number of a cell; NaN after reporting a bad one; MISSING_AMOUNT when blank. */
    const read = (cells: readonly unknown[], column: ResolvedColumn, flag: string): number => {
      const value = parseAmount(cells[column.index]);
      if (Number.isNaN(value)) {
        const raw = cells[column.index];
        context.problems.add(`${column.header}:bad`, (n) => `${counted(n, 'row')} with a bad "${column.header}" value (${flag}): expected ${AMOUNT_EXPECTED}; the first was "${showCell(raw)}"`, here(column));
      }
      return value;
    };
    /** A metric cell's number; undefined when the row is left out (a bad cell reported, a blank one noted). */
    const measured = (cells: readonly unknown[], column: ResolvedColumn): number | undefined => {
      const value = read(cells, column, metric.flag);
      if (Number.isNaN(value)) return undefined;
      if (value !== MISSING_AMOUNT) return value;
      context.notes.add(`${column.header}:blank`, (n) => `${counted(n, 'row')} with a blank "${column.header}" left out (no value measured)`, here(column));
      return undefined;
    };
    const where = compileWhere(this.options.where.map(parseWhere), file.header, file.file);
    return readingColumns((cells) => {
      if (where !== undefined && !where(cells)) {
        this.filteredOut++;
        return;
      }
      const name = cellText(cells[variant.index]);
      if (name === '') {
        context.notes.add('variant:blank', blankVariant, here(variant));
        return;
      }
      const y = measured(cells, numerator);
      if (y === undefined) return;
      const d = denominator ? measured(cells, denominator) : 0;
      if (d === undefined) return;
      let x = 0;
      if (covariate) {
        x = read(cells, covariate, `--covariate ${covariate.header}`);
        if (Number.isNaN(x)) return;
        if (x === MISSING_AMOUNT) {
          context.notes.add('covariate:blank', (n) => `${counted(n, `blank "${covariate.header}" cell`)} counted as 0 (no pre-period activity)`, here(covariate));
          x = 0;
        }
      }
      fillGroups(row.groups, labels, cells);
      row.variant = name;
      row.n = 1;
      row.y = y;
      row.yy = y * y;
      row.d = d;
      row.dd = d * d;
      row.yd = y * d;
      row.x = x;
      row.xx = x * x;
      row.xy = x * y;
      row.binaryY = y === 0 || y === 1;
      row.binaryX = x === 0 || x === 1;
      context.counted++;
      sink.add(row);
    }, [...used.map((c) => c.index), ...(where?.columns ?? [])]);
  }

  private summaryHandler(
    file: FileHeader,
    resolution: Resolution,
    variant: ResolvedColumn,
    groups: ResolvedColumn[],
    labels: ReturnType<typeof groupLabels>,
    here: (column?: ResolvedColumn) => () => { file: string; line: number; column?: string },
    row: ArmInput,
    context: RowContext,
    sink: RowSink<ArmInput>,
  ): RecordHandler {
    const at = { file: file.file, line: file.headerLine };
    const column = (name: string) => resolution.columns.get(name);
    const [users, sum, sumSquares] = [column('users'), column('sum'), column('sum_squares')];
    if (users === undefined || sum === undefined) {
      throw new DataError(at, `--summary reads one row per variant with the columns variant, users and sum (and sum_squares for a mean)`, [`the file's columns: ${file.header.map((h) => `"${h}"`).join(', ')}`]);
    }
    const covariate = ['covariate_sum', 'covariate_sum_squares', 'sum_products'].map(column);
    const kind = sumSquares === undefined ? 'proportion' : 'mean';
    if (this.summaryKind !== undefined && this.summaryKind !== kind) throw new DataError(at, 'one file has sum_squares and another has none: give the sums of one metric');
    this.summaryKind = kind;
    const withCovariate = covariate[0] !== undefined && covariate[2] !== undefined;
    this.covariate = withCovariate;
    if (withCovariate && kind === 'mean' && covariate[1] === undefined) throw new DataError(at, 'covariate_sum_squares is needed with covariate_sum for a mean', ['add the column, or leave out the covariate columns']);
    const used = [variant, users, sum, sumSquares, ...covariate, ...groups].filter((c) => c !== undefined);
    assertUsedHeadersUnique(file.header, used.map((c) => c.index), file.file, file.headerLine);
    const number = (cells: readonly unknown[], c: ResolvedColumn): number => {
      const value = parseAmount(cells[c.index]);
      if (!Number.isFinite(value)) throw new DataError(here(c)(), `"${showCell(cells[c.index])}" in "${c.header}" is not a number`, [`expected ${AMOUNT_EXPECTED}`]);
      return value;
    };
    return readingColumns((cells) => {
      const name = cellText(cells[variant.index]);
      if (name === '') throw new DataError(here(variant)(), 'a row of sums without its variant');
      const n = number(cells, users);
      if (!Number.isInteger(n) || n < 2) throw new DataError(here(users)(), `${showCell(cells[users.index])} users: a variant needs 2 or more whole users`);
      const y = number(cells, sum);
      const yy = sumSquares === undefined ? y : number(cells, sumSquares);
      if (sumSquares !== undefined && yy < (y * y) / n - 1e-9 * Math.abs(yy)) {
        throw new DataError(here(sumSquares)(), `sum_squares ${yy} is below sum²/users = ${(y * y) / n}: no values have these sums`);
      }
      if (sumSquares === undefined && (y < 0 || y > n)) throw new DataError(here(sum)(), `${y} converted of ${n} users: without sum_squares the metric is a proportion, its sum between 0 and users`);
      fillGroups(row.groups, labels, cells);
      row.variant = name;
      row.n = n;
      row.y = y;
      row.yy = yy;
      row.binaryY = sumSquares === undefined;
      if (withCovariate) {
        row.x = number(cells, covariate[0]!);
        row.xy = number(cells, covariate[2]!);
        row.xx = covariate[1] === undefined ? row.x : number(cells, covariate[1]);
        row.binaryX = covariate[1] === undefined || row.xx === row.x;
      }
      context.counted++;
      sink.add(row);
    }, used.map((c) => c.index));
  }
}
