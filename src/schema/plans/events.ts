import { asNamed, canonical } from '../../kernels/canonical.js';
import { CellBytes, cellAt, readingColumns, type FileHeader, type RecordCursor, type RecordHandler } from '../../io/records.js';
import { Bitset } from '../../kernels/bitset.js';
import { Interner } from '../../kernels/interner.js';
import { counted } from '../../notes/plural.js';
import { assertUsedHeadersUnique, groupColumn, missingColumnError, specNamed, type ColumnSpec, type ResolvedColumn, type Resolution } from '../columns.js';
import { cellText, isBlankCell } from '../blank.js';
import { ROW_COLUMNS } from '../row-kinds.js';
import { eventColumnNeeded } from './event-column-needed.js';
import { assertNotUnitPrice } from './unit-price.js';
import { AMOUNT_EXPECTED, MISSING_AMOUNT, parseAmount, showCell } from '../values.js';
import { CellLabels, readOnce } from './cell-labels.js';
import { fillGroups, groupColumns, groupLabels } from './group-columns.js';
import type { CustomerMapping, Keyed, PlanGathered, RowContext, RowPlan, RowSink } from './row-plan.js';
import { TimeSetup, type TimeOptions } from './time-setup.js';
import { compileWhere, parseWhere, type WhereClause } from './where.js';

// The reading of customer-event logs for every event metric. Per row, in
// this order: --where, the event's name, the timestamp and --since/--until;
// only then are the customer, amount and order read and checked, so rows a
// filter leaves out are never reported for their other cells. The customer is
// interned to an integer; state downstream grows with customers, not rows.

export interface EventInput extends Keyed {
  customer: number;
  time: number;
  /** Lower-cased event name; '' when the file has no event column. */
  event: string;
  /** MISSING_AMOUNT when there is no amount. */
  amount: number;
  /** False for the second and later rows of one order_id. */
  firstOfOrder: boolean;
  /** The values of EventPlanOptions.measures, in order; NaN for a blank cell. */
  measures: number[];
  /** The texts of EventPlanOptions.labels, in order, trimmed; '' for a blank cell or a column the file lacks. */
  labels: string[];
}

/** A canonical text column read when the file has it; a cell that fails `accepts` is a bad row. */
export interface LabelColumn {
  column: string;
  accepts?: { test(text: string): boolean; expected: string };
}

/** A column read as a number on every counted row (trend's sum:COL), by its header or canonical name. */
export interface MeasureColumn {
  column: string;
  /** The option that names it, for messages: --series revenue=purchase:sum:price. */
  flag: string;
  /** The events on whose rows a blank cell is worth a note (the series that sum it); undefined: every event. */
  blankNoted?: ReadonlySet<string>;
  /** A column the file may lack (a subscription's quantity): its value is then NaN. */
  optional?: boolean;
}

/** --group-by @segment: where it is among the groupings, and the behavioural segments of a customer. */
export interface SegmentGrouping {
  slot: number;
  /** A customer's segments in a period, at least one label; the customer by the plan's number, and its id when needed. */
  labelsOf(customer: number, id: () => string, period: number): readonly string[];
  /** How segment labels sort: in the order the segments were given, then the customers in none. */
  order(a: string, b: string): number;
}

export interface EventPlanOptions extends TimeOptions {
  groupBy: string[];
  where: string[];
  /** The --event names the user gave, for notes. */
  events: string[];
  /** Events that count, when the file has an event column; undefined: every event. */
  selected: readonly string[] | undefined;
  /** The selection is the metric's purchase events: a known export's own purchase events replace it. */
  purchaseDefault?: boolean;
  /** Whether amounts are read (only then are they parsed and checked). */
  readAmount: boolean;
  /**
   * Whether an order's later lines are told apart from its first (firstOfOrder), for
   * metrics that count orders. Each order id is kept to do so: memory that grows with
   * orders, which a metric of customers and periods does not spend.
   */
  readOrders: boolean;
  /** Whether a blank amount on this event is worth a note (not on a cancel, say). */
  amountExpected?(event: string): boolean;
  /**
   * The option that named the events (--event, --steps, --start-event …), when
   * one did: a file without an event column is then an error, for every row
   * would count as each of those events.
   */
  chosenBy?: string;
  /** The names that option gave, when they are not the selection itself (a start event among all events). */
  chosenNames?: readonly string[];
  /** The option that names each --group-by column, where another does (an experiment's --variant); for messages. */
  groupFlags?: readonly (string | undefined)[];
  /** Other columns read as numbers on every counted row: a bad cell is a bad row, as a bad amount is. */
  measures?: readonly MeasureColumn[];
  /** Canonical text columns read on every counted row when the file has them (a subscription's id, interval, currency), and what a cell of each must be. */
  labels?: readonly LabelColumn[];
  /** The behavioural segments a row's customer puts it in (--group-by @segment), which may be several. */
  segments?: SegmentGrouping;
  /**
   * False: the metric reads no row's event name (a row's event is then ''),
   * so that, unless events were chosen, the column is not read: matching each
   * row's name was a tenth of a rolling stickiness run's reading.
   */
  namesRead?: boolean;
}


/** An event's name as rows are matched on it: trimmed and lower-cased, '' when missing. */
function eventName(cell: unknown): string {
  return cell === null || cell === undefined ? '' : asNamed(String(cell).trim().toLowerCase());
}

export class EventPlan implements RowPlan<EventInput> {
  readonly columns: readonly ColumnSpec[];
  readonly time: TimeSetup;
  readonly customers = new Interner();
  private readonly orders = new Interner();
  private readonly ordersSeen = new Bitset();
  private readonly where: WhereClause[];
  private readonly selected: Set<string> | undefined;
  private eventColumnSeen = false;
  private readonly labelsSeen = new Set<string>();
  private amountColumnSeen = false;
  private filteredOut = 0;
  private otherEvents = 0;

  constructor(
    readonly options: EventPlanOptions,
    /** Subscription events read the same way, with the columns a billing export adds. */
    readonly kind: 'events' | 'subscriptions' = 'events',
  ) {
    this.columns = ROW_COLUMNS[kind];
    this.time = new TimeSetup(options);
    this.where = options.where.map(parseWhere);
    this.selected = options.selected === undefined ? undefined : new Set(options.selected.map((n) => canonical(n.trim().toLowerCase())));
  }

  /** Orders are counted once over their lines (readOrders): see RowPlan.countsOrders. */
  get countsOrders(): boolean {
    return this.options.readOrders;
  }

  /** How each --group-by's labels sort where not as labels usually do (@segment: as the segments were given). */
  get groupOrders(): ((a: string, b: string) => number)[] {
    const { segments } = this.options;
    const orders: ((a: string, b: string) => number)[] = [];
    if (segments !== undefined && segments.slot >= 0) orders[segments.slot] = (a, b) => segments.order(a, b);
    return orders;
  }

  /** Whether rows were chosen by their event's name (the file had an event column to choose by). */
  get filteredByEvent(): boolean {
    return this.eventColumnSeen && this.selected !== undefined;
  }

  /** Whether an input had this label column (a table's columns may depend on it, not on its cells). */
  readsLabel(column: string): boolean {
    return this.labelsSeen.has(column);
  }

  /** Whether an input had an amount column, read (a table's columns may depend on it, not on its cells). */
  get readsAmounts(): boolean {
    return this.amountColumnSeen;
  }

  gathered(): PlanGathered {
    return {
      reach: this.time.span.reach(),
      events: { filteredOut: this.filteredOut, otherEvents: this.otherEvents, eventColumnSeen: this.eventColumnSeen, amountColumnSeen: this.amountColumnSeen, customers: this.customers.export() },
    };
  }

  /** Adds a part's counts; its customers are numbered here, in order, and the mapping returned. */
  absorb(gathered: PlanGathered): CustomerMapping {
    this.time.span.absorb(gathered.reach);
    const events = gathered.events!;
    this.filteredOut += events.filteredOut;
    this.otherEvents += events.otherEvents;
    this.eventColumnSeen ||= events.eventColumnSeen;
    this.amountColumnSeen ||= events.amountColumnSeen;
    return this.customers.absorb(events.customers);
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.filteredOut > 0) notes.push(`${counted(this.filteredOut, 'row')} left out by --where`);
    if (this.otherEvents > 0) {
      const chosen = this.options.events.length > 0 ? this.options.events : this.options.chosenNames ?? [];
      const names = chosen.length > 0 ? chosen.join(', ') : 'the default ones';
      notes.push(`${counted(this.otherEvents, 'row')} of other events than ${names} not counted (${this.options.chosenBy ?? '--event'} chooses)`);
    }
    if (this.time.span.outside > 0) notes.push(`${counted(this.time.span.outside, 'row')} outside --since/--until not counted`);
    return notes;
  }

  begin(file: FileHeader, resolution: Resolution, cursor: RecordCursor, context: RowContext, sink: RowSink<EventInput>): RecordHandler {
    const required = (name: string, why: string): ResolvedColumn => {
      const column = resolution.columns.get(name);
      if (column) return column;
      throw missingColumnError(file, specNamed(this.columns, name), why, undefined, resolution.refused);
    };
    const customer = required('customer_id', 'needed to tell customers apart');
    const timestamp = required('timestamp', 'needed to place events in time');
    const event = resolution.columns.get('event');
    if (event === undefined && this.options.chosenBy !== undefined) {
      throw eventColumnNeeded(file, resolution, this.options.chosenBy, this.options.chosenNames ?? [...(this.selected ?? [])]);
    }
    const amount = this.options.readAmount ? resolution.columns.get('amount') : undefined;
    if (amount !== undefined) assertNotUnitPrice(amount, file);
    const order = resolution.columns.get('order_id');
    const orderIds = this.options.readOrders ? order : undefined;
    const segments = this.options.segments;
    const slot = segments === undefined || segments.slot < 0 ? -1 : segments.slot;
    // @segment is no column: the others are read, and the customer's segments put in its place.
    const groupNames = slot < 0 ? this.options.groupBy : this.options.groupBy.filter((_, i) => i !== slot);
    const groupFlags = slot < 0 ? this.options.groupFlags : this.options.groupFlags?.filter((_, i) => i !== slot);
    const groups = groupColumns(groupNames, file, resolution, groupFlags);
    const measures = (this.options.measures ?? []).flatMap((m) => {
      if (m.optional && resolution.columns.get(m.column) === undefined && !file.header.some((h) => h.trim().toLowerCase() === m.column.toLowerCase())) return [{ ...m, at: undefined }];
      return [{ ...m, at: groupColumn(m.column, file.header, resolution, { file: file.file, line: file.headerLine }, m.flag) as ResolvedColumn | undefined }];
    });
    const labelSpecs = this.options.labels ?? [];
    const labelColumns = labelSpecs.map((label) => resolution.columns.get(label.column));
    labelSpecs.forEach((label, i) => labelColumns[i] !== undefined && this.labelsSeen.add(label.column));
    // A metric that reads no row's name (stickiness) and chose no events has the column neither cut nor matched.
    const named = this.options.namesRead === false && this.selected === undefined && !this.options.purchaseDefault ? undefined : event;
    const used = [customer, timestamp, named, amount, orderIds, ...groups, ...measures.map((m) => m.at), ...labelColumns].filter((c) => c !== undefined).map((c) => c.index);
    assertUsedHeadersUnique(file.header, used, file.file, file.headerLine);
    if (event) this.eventColumnSeen = true;
    if (amount) this.amountColumnSeen = true;
    const where = compileWhere(this.where, file.header, file.file);
    // Without an event column every row is an event of the kind asked for.
    const native = this.options.purchaseDefault ? resolution.native?.purchases : undefined;
    const selected = event ? (native ? new Set(native.map(canonical)) : this.selected) : undefined;
    const { time: clock } = this;
    const periods = clock.periods;
    const span = clock.span;
    const reach = clock.spanRecorder();
    const fileClock = clock.forFile(file.file);
    const here = (column?: ResolvedColumn) => () => ({ file: file.file, line: cursor.line(), column: column?.header });
    const blankAmount = amount && {
      describe: (n: number) => `${counted(n, `blank "${amount.header}" cell`)} counted as no amount`,
      at: here(amount),
    };
    const amountExpected = this.options.amountExpected ?? (() => true);
    const row: EventInput = { customer: 0, time: 0, period: 0, event: '', amount: MISSING_AMOUNT, firstOfOrder: true, groups: new Array(groupNames.length), measures: new Array(measures.length).fill(Number.NaN), labels: new Array(labelColumns.length).fill('') };
    const measureNotes = measures.map(({ at, flag }) => ({
      describe: (n: number) => `${counted(n, `blank "${at?.header}" cell`)} in no sum or mean (${flag})`,
      at: here(at),
    }));

    const readOrder = (cells: readonly unknown[]): boolean => {
      if (!orderIds) return true;
      const orderText = cellText(cells[orderIds.index]);
      return orderText === '' || this.ordersSeen.add(this.orders.intern(orderText));
    };

    // One row per line item (Shopify): the order's own fields are on its first line only.
    const lineItems = resolution.native?.lineItems === true && order !== undefined ? order.index : -1;
    // Cells a byte-scanning reader may hand as bytes, so that no string is made for them: the
    // customer's id (interned from its bytes), an ISO timestamp (parsed from them), the event's
    // name and the group labels (each distinct one made once). Not a column another role reads
    // (a --where on the customer, say), nor any when an order's lines are filled down.
    const readByOne = readOnce([customer, timestamp, named, amount, orderIds, ...groups, ...measures.map((m) => m.at), ...labelColumns].map((c) => c?.index).concat(where?.columns ?? []));
    const takes = (column: ResolvedColumn): boolean => lineItems < 0 && readByOne(column.index);
    const idBytes = takes(customer) ? new CellBytes(customer.index) : undefined;
    // The customer's slot is looked up a row at a time, in no order: the reader warms the next rows' slots together.
    if (idBytes !== undefined) idBytes.warm = (bytes, from, to, count) => this.customers.warmBytes(bytes, from, to, count);
    const timeBytes = takes(timestamp) ? clock.bytesOf(timestamp.index) : undefined;
    const labels = groupLabels(groups);
    const eventNames = named && new CellLabels(new CellBytes(named.index), eventName, selected && ((name) => selected.has(name)));
    const takenLabels = [...labels, ...(eventNames ? [eventNames] : [])].map((l) => l.bytes).filter((cell) => lineItems < 0 && readByOne(cell.column));
    /** The row's customer: its index when its bytes are its id, else its text ('' when blank). */
    const customerOf = (cells: readonly unknown[]): number | string =>
      idBytes !== undefined && idBytes.plain() ? this.customers.internBytes(idBytes.bytes, idBytes.from, idBytes.to) : cellText(cellAt(cells, customer.index, idBytes));
    const amountIndex = amount?.index ?? -1;
    // With a fallback (Stripe's Customer Email), a --where on the one column would drop rows the other names.
    const standIns = resolution.fallbacks?.find((f) => f.column === 'customer_id')?.from.map((c) => `"${c.header}"`);
    const blankCustomer = (n: number): string =>
      standIns === undefined
        ? `${counted(n, 'row')} with a blank "${customer.header}" (drop them with --where '${customer.header}!=' if they are anonymous)`
        : `${counted(n, 'row')} with a blank "${customer.header}" and ${standIns.join(' and ')} (anonymous: --skip-invalid leaves them out)`;
    const overlapsOf = new Map<readonly string[], string[][]>();
    let lastOrder = '';
    let orderLine: unknown[] = [];
    let laterLine = false;

    return readingColumns((cells) => {
      if (lineItems >= 0) {
        const orderText = cellText(cells[lineItems]);
        laterLine = orderText !== '' && orderText === lastOrder;
        if (laterLine) {
          for (let i = 0; i < cells.length; i++) if (i !== amountIndex && isBlankCell(cells[i])) cells[i] = orderLine[i];
        } else {
          lastOrder = orderText;
          orderLine = [...cells];
        }
      }
      if (where !== undefined && !where(cells)) {
        this.filteredOut++;
        return;
      }
      let name = '';
      if (eventNames) {
        // Logs repeat a few event names: each is lower-cased once, not once a row.
        name = eventNames.of(cells);
        if (!eventNames.lastKept) {
          this.otherEvents++;
          return;
        }
      }
      let time = clock.timeOfBytes(timeBytes);
      if (time !== time) {
        const raw = cellAt(cells, timestamp.index, timeBytes);
        time = fileClock.read(raw);
        if (Number.isNaN(time)) {
          clock.reportBadTime(context.problems, fileClock, timestamp, raw, here(timestamp));
          return;
        }
      }
      if (span.leavesOut(time)) {
        // Figures over the whole file (orders per customer for --returning) still see it.
        if (sink.observe === undefined) return;
        const id = customerOf(cells);
        if (id === '') return;
        row.customer = typeof id === 'number' ? id : this.customers.intern(id);
        row.time = time;
        row.event = name;
        row.firstOfOrder = readOrder(cells);
        sink.observe(row);
        return;
      }
      // Bytes are taken only when the whole row is counted: no index for a customer of a rejected row.
      const idText = idBytes !== undefined && idBytes.plain() ? undefined : cellText(cellAt(cells, customer.index, idBytes));
      if (idText === '') {
        context.problems.add('customer_id:blank', blankCustomer, here(customer));
        return;
      }
      let value = MISSING_AMOUNT;
      // An order total is the order's amount once, on its first line.
      if (amount && !laterLine) {
        value = parseAmount(cells[amount.index]);
        if (Number.isNaN(value)) {
          const raw = cells[amount.index];
          context.problems.add('amount:bad', (n) => `${counted(n, 'row')} with a bad "${amount.header}" value: expected ${AMOUNT_EXPECTED}; the first was "${showCell(raw)}"`, here(amount));
          return;
        }
        if (value === MISSING_AMOUNT && amountExpected(name)) context.notes.add('amount:blank', blankAmount!.describe, blankAmount!.at);
      }
      for (let m = 0; m < measures.length; m++) {
        const { at, blankNoted } = measures[m];
        if (at === undefined) continue;
        const cell = cells[at.index];
        const number = parseAmount(cell);
        if (Number.isNaN(number)) {
          context.problems.add(`measure:bad:${at.header}`, (n) => `${counted(n, 'row')} with a bad "${at.header}" value (${measures[m].flag}): expected ${AMOUNT_EXPECTED}; the first was "${showCell(cell)}"`, here(at));
          return;
        }
        if (number === MISSING_AMOUNT && (blankNoted === undefined || blankNoted.has(name))) context.notes.add(`measure:blank:${at.header}`, measureNotes[m].describe, measureNotes[m].at);
        row.measures[m] = number === MISSING_AMOUNT ? Number.NaN : number;
      }
      for (let l = 0; l < labelColumns.length; l++) {
        const column = labelColumns[l];
        const text = column === undefined ? '' : cellText(cells[column.index]);
        const accepts = labelSpecs[l].accepts;
        if (column !== undefined && accepts !== undefined && text !== '' && !accepts.test(text)) {
          context.problems.add(`${column.header}:bad`, (n) => `${counted(n, 'row')} with a bad "${column.header}" value: expected ${accepts.expected}; the first was "${showCell(text)}"`, here(column));
          return;
        }
        row.labels[l] = text;
      }
      fillGroups(row.groups, labels, cells);
      row.customer = idText === undefined ? this.customers.internBytes(idBytes!.bytes, idBytes!.from, idBytes!.to) : this.customers.intern(idText);
      row.time = time;
      row.period = periods ? periods.keyOf(time) : 0;
      if (slot >= 0) {
        const customer = row.customer;
        const inThem = segments!.labelsOf(customer, () => this.customers.idOf(customer), row.period);
        // Without another grouping a customer's groups are the same arrays row after row: made once per set of segments.
        row.overlaps = groupNames.length === 0 ? onlySegments(overlapsOf, inThem) : inSegments(row.groups, slot, inThem);
      }
      row.event = name;
      row.amount = value;
      row.firstOfOrder = readOrder(cells);
      reach.see(reach.needsCell ? cellAt(cells, timestamp.index, timeBytes) : undefined, time);
      sink.observe?.(row);
      context.counted++;
      sink.add(row);
    }, lineItems >= 0 ? undefined : [...used, ...(where?.columns ?? [])], { cellBytes: [idBytes, timeBytes, ...takenLabels].filter((c) => c !== undefined) });
  }
}

/** The groups of a row whose customer is in these segments: its other labels, each segment's put at the slot. */
function inSegments(others: readonly string[], slot: number, segments: readonly string[]): string[][] {
  return segments.map((segment) => [...others.slice(0, slot), segment, ...others.slice(slot)]);
}

/** The groups of a row grouped by its customer's segments alone, kept by the segments' (shared) array. */
function onlySegments(made: Map<readonly string[], string[][]>, segments: readonly string[]): string[][] {
  let groups = made.get(segments);
  if (groups === undefined) made.set(segments, (groups = segments.map((segment) => [segment])));
  return groups;
}
