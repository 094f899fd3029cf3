import { eventsByCustomer, type ByCustomer } from '../../kernels/by-customer.js';
import { MS_PER_DAY } from '../../time/calendar.js';
import type { Periods } from '../../time/periods.js';
import type { TimeZone } from '../../time/zone.js';
import type { EventLog } from '../events/event-log.js';
import { ANY_EVENT, countsOf, holds, NO_SEGMENT, type Condition, type SegmentDefinition } from './grammar.js';

// Which behavioural segments each customer is in (segments-and-drivers.md
// "Behavioural segments"), from every event of the data read: the counts a
// condition names, over the customer's first calendar days in --tz, the
// trailing days of a period, or everything. Pure: the log, the zone, the
// periods and the data's end in, memberships out.

type CountNode = Extract<Condition, { kind: 'count' }>;

/** A condition's event that counts every event (*), and one that no row of the data is. */
const ANY = -1;
const UNSEEN = -2;

export interface MembershipSetup {
  definitions: readonly SegmentDefinition[];
  zone: TimeZone;
  /** The metric's periods, which trailing windows (in last Dd) are decided in; undefined without --period. */
  periods: Periods | undefined;
  /** Where the data ends (exclusive): windows that reach past it are not over. */
  dataEnd: number;
  /** Events whose first occurrence is the origin of the first days instead of the first event (--start-event). */
  originEvents?: readonly string[];
}

export class Memberships {
  private readonly byCustomer: ByCustomer;
  private readonly names: Int32Array;
  private readonly times: Float64Array;
  private readonly nodes: CountNode[];
  /** Each count's place among `nodes`. */
  private readonly slotOf: Map<CountNode, number>;
  /** nodes[n]'s event number in the log, ANY for *, UNSEEN for an event the data never names. */
  private readonly nodeEvents: Int32Array;
  /** Per customer and node (customer × nodes + node): the count of a first-days or whole-data window. */
  private readonly fixedCounts: Int32Array;
  private readonly trailing: boolean;
  private readonly labelSets = new Map<string, readonly string[]>();
  /** Per period, each customer's segments in it, decided once. */
  private readonly decided = new Map<number, Map<number, readonly string[]>>();
  /** Customers whose first days were not over when the data ends: their segment may change. */
  readonly openWindows: number;
  /** Events conditions name that no row of the data is. */
  readonly unseenEvents: string[];

  constructor(
    private readonly log: EventLog,
    private readonly setup: MembershipSetup,
  ) {
    this.names = log.names.view();
    this.times = log.times.view();
    this.byCustomer = eventsByCustomer(log.customers.view(), this.times);
    this.nodes = setup.definitions.flatMap((d) => countsOf(d.condition));
    this.slotOf = new Map(this.nodes.map((node, n) => [node, n]));
    this.nodeEvents = Int32Array.from(this.nodes, (node) => (node.event === ANY_EVENT ? ANY : (log.ids.get(node.event) ?? UNSEEN)));
    this.unseenEvents = [...new Set(this.nodes.filter((_, n) => this.nodeEvents[n] === UNSEEN).map((node) => node.event))];
    this.trailing = this.nodes.some((node) => node.window.kind === 'last');
    const customers = this.byCustomer.start.length - 1;
    this.fixedCounts = new Int32Array(Math.max(customers, 0) * this.nodes.length);
    let open = 0;
    for (let c = 0; c < customers; c++) if (this.countFixed(c)) open++;
    this.openWindows = open;
    if (!this.trailing) {
      for (let c = 0; c < customers; c++) {
        if (this.byCustomer.start[c + 1] === this.byCustomer.start[c]) continue;
        const labels = this.labelsFor(c, undefined);
        if (labels.length > 1) this.overlapping++;
        for (const label of labels) this.sizes.set(label, (this.sizes.get(label) ?? 0) + 1);
      }
    }
  }

  /** Customers in more than one segment (of segments decided once for the whole data). */
  overlapping = 0;
  /** Each segment's customers (of segments decided once for the whole data). */
  readonly sizes = new Map<string, number>();

  /** Whether some segment is decided per period (in last Dd). */
  get perPeriod(): boolean {
    return this.trailing;
  }

  /** The local day of an instant, and the instant a local day starts. */
  private localDay(t: number): number {
    return Math.floor((t + this.setup.zone.offsetAt(t)) / MS_PER_DAY);
  }

  private dayStart(day: number): number {
    return this.setup.zone.toUtc(day * MS_PER_DAY);
  }

  /** The customer's first event (or first start event), undefined when there is none. */
  private origin(c: number): number | undefined {
    const { order, start } = this.byCustomer;
    if (start[c + 1] === start[c]) return undefined;
    const origins = this.setup.originEvents;
    if (origins === undefined) return this.times[order[start[c]]];
    const ids = new Set(origins.map((name) => this.log.ids.get(name)));
    for (let i = start[c]; i < start[c + 1]; i++) if (ids.has(this.names[order[i]])) return this.times[order[i]];
    return undefined;
  }

  /** Fills the customer's counts of first-days and whole-data windows; whether a first-days window is not over. */
  private countFixed(c: number): boolean {
    const { start } = this.byCustomer;
    const origin = this.origin(c);
    const originDay = origin === undefined ? 0 : this.localDay(origin);
    let open = false;
    this.nodes.forEach((node, n) => {
      if (node.window.kind === 'last') return;
      let from = Number.NEGATIVE_INFINITY;
      let to = Number.POSITIVE_INFINITY;
      if (node.window.kind === 'first') {
        // A customer without an origin (no start event) has done nothing in their first days.
        if (origin === undefined) return;
        from = this.dayStart(originDay);
        to = this.dayStart(originDay + node.window.days);
        if (to > this.setup.dataEnd) open = true;
      }
      this.fixedCounts[c * this.nodes.length + n] = this.countBetween(c, this.nodeEvents[n], from, to);
    });
    return open && start[c + 1] > start[c];
  }

  private countBetween(c: number, event: number, from: number, to: number): number {
    if (event === UNSEEN) return 0;
    const { order, start } = this.byCustomer;
    let count = 0;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const e = order[i];
      const t = this.times[e];
      if (t >= to) break;
      if (t >= from && (event === ANY || this.names[e] === event)) count++;
    }
    return count;
  }

  /** The segments of a customer (the log's number) in a period, in the order defined; [(none)] when in none. */
  labelsOf(c: number, period: number): readonly string[] {
    if (!this.trailing) return this.labelsFor(c, undefined);
    let inPeriod = this.decided.get(period);
    if (inPeriod === undefined) this.decided.set(period, (inPeriod = new Map()));
    let labels = inPeriod.get(c);
    if (labels === undefined) inPeriod.set(c, (labels = this.labelsFor(c, period)));
    return labels;
  }

  private labelsFor(c: number, period: number | undefined): readonly string[] {
    const customers = this.byCustomer.start.length - 1;
    const known = c >= 0 && c < customers;
    let trailingFrom = 0;
    let trailingEnd = 0;
    if (period !== undefined && this.setup.periods !== undefined) {
      // The period's last day, or the data's, for the partial last period.
      const periods = this.setup.periods;
      const lastDay = Math.min(periods.firstDay(periods.next(period)) - 1, this.localDay(this.setup.dataEnd - 1));
      trailingEnd = this.dayStart(lastDay + 1);
      trailingFrom = lastDay;
    }
    const count = (node: CountNode): number => {
      if (!known) return 0;
      const n = this.slotOf.get(node)!;
      if (node.window.kind !== 'last') return this.fixedCounts[c * this.nodes.length + n];
      return this.countBetween(c, this.nodeEvents[n], this.dayStart(trailingFrom - node.window.days + 1), trailingEnd);
    };
    const names = this.setup.definitions.filter((d) => holds(d.condition, count)).map((d) => d.name);
    const key = names.join('\u0000');
    let labels = this.labelSets.get(key);
    if (labels === undefined) this.labelSets.set(key, (labels = names.length === 0 ? [NO_SEGMENT] : names));
    return labels;
  }

  /** Each customer (the log's number) with their first event, whose segments (not decided per period) include `label`. */
  members(label: string): { customer: number; first: number }[] {
    const { order, start } = this.byCustomer;
    const out: { customer: number; first: number }[] = [];
    for (let c = 0; c + 1 < start.length; c++) {
      if (start[c + 1] === start[c]) continue;
      if (this.labelsFor(c, undefined).includes(label)) out.push({ customer: c, first: this.times[order[start[c]]] });
    }
    return out;
  }
}
