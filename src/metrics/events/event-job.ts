import type { FileHeader, RecordCursor, RecordHandler } from '../../io/records.js';
import { assertUsedHeadersUnique, columnSpecs, groupColumn, missingColumnError, specNamed, type ResolvedColumn, type Resolution } from '../../schema/columns.js';
import { EventRow } from '../../schema/event.js';
import { timestampReader, type TimestampReader } from '../../schema/date-format.js';
import { parseTimestamp, timestampProblem } from '../../schema/timestamps.js';
import { DataSpan } from '../../time/window.js';
import { AMOUNT_EXPECTED, groupLabel, MISSING_AMOUNT, parseAmount, showCell } from '../../schema/values.js';
import { Periods, type PeriodUnit } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { Grouped } from '../grouped.js';
import { keyedTable } from '../keyed-table.js';
import type { JobResult, MetricJob, RowContext } from '../job.js';
import { counted } from '../plural.js';
import type { Accumulator, Cell, ResultColumn } from '../types.js';
import { Bitset } from './bitset.js';
import type { EventOptions } from './event-options.js';
import { compileWhere, parseWhere, type WhereClause } from './filters.js';
import { Interner } from './interner.js';

// The shared reading of customer-event logs for repeat, churn and retention:
// one compiled handler per file turns cells into an EventInput (customer
// interned to an integer, timestamp, period, event, amount, order) and hands
// it to the accumulator of its --group-by values. State grows with customers,
// orders and periods, never with rows.

export const EVENT_COLUMNS = columnSpecs(EventRow);

export interface EventInput {
  customer: number;
  time: number;
  /** Period key, 0 without --period. */
  period: number;
  /** Lower-cased event name; '' when the file has no event column. */
  event: string;
  /** MISSING_AMOUNT when there is no amount. */
  amount: number;
  /** False for the second and later rows of one order_id. */
  firstOfOrder: boolean;
}

export type EventAccumulator = Accumulator<EventInput, unknown>;

export abstract class EventJob<A extends EventAccumulator> implements MetricJob {
  readonly columns = EVENT_COLUMNS;
  readonly zone: TimeZone;
  readonly periods: Periods | undefined;
  readonly span: DataSpan;
  readonly customers = new Interner();
  protected readonly grouped: Grouped<EventInput, unknown, A>;
  private readonly orders = new Interner();
  private readonly ordersSeen = new Bitset();
  private readonly where: WhereClause[];
  private readonly selected: Set<string> | undefined;
  private outsideWindow = 0;
  private otherEvents = 0;
  private filteredOut = 0;
  private eventColumnSeen = false;
  private readonly readTime: TimestampReader;

  protected constructor(
    readonly options: EventOptions & { period?: PeriodUnit },
    /** Events counted when --event is not given and the file has an event column; undefined: all. */
    private readonly defaultEvents: readonly string[] | undefined,
    /** Whether the metric reads amounts (only then are they parsed and checked). */
    private readonly usesAmount = false,
  ) {
    this.zone = new TimeZone(options.tz);
    this.readTime = timestampReader(options.dateFormat, this.zone, parseTimestamp);
    this.periods = options.period ? new Periods(options.period, this.zone, options.weekStart) : undefined;
    this.span = new DataSpan(options, this.zone);
    this.where = options.where.map(parseWhere);
    const names = this.selectedEventNames();
    this.selected = names === undefined ? undefined : new Set(names.map((n) => n.trim().toLowerCase()));
    this.grouped = new Grouped(() => this.createState(), options.groupBy.length);
  }

  abstract readonly title: string;
  protected abstract createState(): A;
  abstract finish(): JobResult;

  /** The event names that pass the row filter; undefined keeps every event. */
  protected selectedEventNames(): readonly string[] | undefined {
    return this.options.events.length > 0 ? this.options.events : this.defaultEvents;
  }

  /** Whether a blank amount on this event is worth a note (not on a cancel, say). */
  protected amountExpected(_event: string): boolean {
    return true;
  }

  /** Called for every row that passed the filters, inside or outside --since/--until. */
  protected observe(_input: EventInput): void {}

  get effectiveOptions(): Record<string, unknown> {
    return { ...this.options, tz: this.zone.name };
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext): RecordHandler {
    const required = (name: string, why: string): ResolvedColumn => {
      const column = resolution.columns.get(name);
      if (column) return column;
      throw missingColumnError(file, specNamed(EVENT_COLUMNS, name), why);
    };
    const customer = required('customer_id', 'needed to tell customers apart');
    const timestamp = required('timestamp', 'needed to place events in time');
    const event = resolution.columns.get('event');
    const amount = this.usesAmount ? resolution.columns.get('amount') : undefined;
    const order = resolution.columns.get('order_id');
    const groups = this.options.groupBy.map((name) => groupColumn(name, file.header, resolution, { file: file.file, line: file.headerLine }).index);
    const used = [customer, timestamp, event, amount, order].filter((c) => c !== undefined).map((c) => c.index);
    assertUsedHeadersUnique(file.header, [...used, ...groups], file.file, file.headerLine);
    if (event) this.eventColumnSeen = true;
    const where = compileWhere(this.where, file.header, file.file);
    // Without an event column every row is an event of the kind asked for.
    const selected = event ? this.selected : undefined;
    const here = (column?: ResolvedColumn) => () => ({ file: file.file, line: cursor.line(), column: column?.header });
    const groupValues: string[] = new Array(groups.length);
    const blankAmount = amount && {
      describe: (n: number) => `${counted(n, `blank "${amount.header}" cell`)} counted as no amount`,
      at: here(amount),
    };
    const input: EventInput = { customer: 0, time: 0, period: 0, event: '', amount: MISSING_AMOUNT, firstOfOrder: true };

    return (cells) => {
      if (where !== undefined && !where(cells)) {
        this.filteredOut++;
        return;
      }
      let name = '';
      if (event) {
        const raw = cells[event.index];
        name = raw === null || raw === undefined ? '' : String(raw).trim().toLowerCase();
        if (selected !== undefined && !selected.has(name)) {
          this.otherEvents++;
          return;
        }
      }
      const id = cells[customer.index];
      const idText = id === null || id === undefined ? '' : typeof id === 'string' ? id.trim() : String(id);
      if (idText === '') {
        context.problems.add('customer_id:blank', (n) => `${counted(n, 'row')} with a blank "${customer.header}" (drop them with --where '${customer.header}!=' if they are anonymous)`, here(customer));
        return;
      }
      const time = this.readTime(cells[timestamp.index]);
      if (Number.isNaN(time)) {
        const raw = cells[timestamp.index];
        const problem = this.options.dateFormat ? `"${String(raw)}" does not match --date-format "${this.options.dateFormat}"` : timestampProblem(raw);
        context.problems.add('timestamp:bad', (n) => `${counted(n, 'row')} with a bad "${timestamp.header}"; the first: ${problem}`, here(timestamp));
        return;
      }
      let value = MISSING_AMOUNT;
      if (amount) {
        value = parseAmount(cells[amount.index]);
        if (Number.isNaN(value)) {
          const raw = cells[amount.index];
          context.problems.add('amount:bad', (n) => `${counted(n, 'row')} with a bad "${amount.header}" value: expected ${AMOUNT_EXPECTED}; the first was "${showCell(raw)}"`, here(amount));
          return;
        }
        if (value === MISSING_AMOUNT && this.amountExpected(name)) context.notes.add('amount:blank', blankAmount!.describe, blankAmount!.at);
      }
      let firstOfOrder = true;
      if (order) {
        const orderId = cells[order.index];
        const orderText = orderId === null || orderId === undefined ? '' : String(orderId).trim();
        if (orderText !== '') firstOfOrder = this.ordersSeen.add(this.orders.intern(orderText));
      }
      for (let g = 0; g < groups.length; g++) groupValues[g] = groupLabel(cells[groups[g]]);
      input.customer = this.customers.intern(idText);
      input.time = time;
      input.period = this.periods ? this.periods.keyOf(time) : 0;
      input.event = name;
      input.amount = value;
      input.firstOfOrder = firstOfOrder;
      this.observe(input);
      if (this.span.excludes(time)) {
        this.outsideWindow++;
        return;
      }
      this.span.see(time);
      this.grouped.get(0, groupValues).add(input);
    };
  }

  /** Notes every event command prints: rows filtered, other events, the partial period. */
  protected commonNotes(): string[] {
    const notes: string[] = [];
    if (this.filteredOut > 0) notes.push(`${counted(this.filteredOut, 'row')} left out by --where`);
    if (this.otherEvents > 0) {
      const names = this.options.events.length > 0 ? this.options.events.join(', ') : 'the default ones';
      notes.push(`${counted(this.otherEvents, 'row')} of other events than ${names} not counted (--event chooses)`);
    }
    if (this.outsideWindow > 0) notes.push(`${counted(this.outsideWindow, 'row')} outside --since/--until not counted`);
    return notes;
  }

  /** Whether the rows were filtered by event name (an event column was present). */
  protected get filteredByEvent(): boolean {
    return this.eventColumnSeen && this.selected !== undefined;
  }

  /** Period keys from the first to the last with data, gaps included. */
  protected periodRange(keys: Iterable<number>): number[] {
    const periods = this.periods!;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const key of keys) {
      if (key < first) first = key;
      if (key > last) last = key;
    }
    const range: number[] = [];
    if (!Number.isFinite(first)) return range;
    for (let key = first; key <= last; key = periods.next(key)) range.push(key);
    return range;
  }

  /** The per-period table of the event metrics: one row per group and period, the overall row last. */
  protected periodTable(spec: {
    title: string;
    formula: string;
    figures: ResultColumn[];
    rowsOf: (state: A) => [number, Cell[]][];
    overall: Cell[];
    notes: string[];
  }): JobResult {
    const rows = this.grouped.sorted().flatMap((group) => spec.rowsOf(group.state).map(([period, cells]) => ({ period, values: group.key.values, cells })));
    return keyedTable({ ...spec, periods: this.periods!, span: this.span, groupNames: this.options.groupBy, rows });
  }

  protected isPartial(key: number): boolean {
    return this.span.isPartial(this.periods!, key);
  }

  protected partialNote(key: number): string {
    return this.span.partialNote(this.periods!, key);
  }
}
