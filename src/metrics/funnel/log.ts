import { eventsByCustomer } from '../../kernels/by-customer.js';
import { groupedBy } from '../../kernels/grouped-by.js';
import { Int32List } from '../../kernels/growable.js';
import { EventColumns, intern, reinterned } from '../events/event-columns.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';
import { bestAttempt, customerAttempts, OTHER_EVENT, stepTimes, type Attempt, type CompiledRule, type CustomerEvents } from './attempts.js';
import type { FunnelRule } from './rule.js';
import { StartSpan } from './start-span.js';

// The funnel's state: the events its rule looks at (the steps', the
// exclusions', and for a strict funnel every other event too), each with its
// customer, instant, name, period and, for --attribution, its group label.
// Evaluated once at the end, customer by customer.

/** What the log keeps of each event beyond its customer, time and name. */
export interface LogShape {
  /** Each name the rule looks for, by id. */
  nameIds: ReadonlyMap<string, number>;
  /** A strict funnel keeps every event: any of them breaks a sequence. */
  keepOthers: boolean;
  /** --attribution: each event's group labels are kept. */
  attribution: boolean;
  /** --period: each event's period is kept (an attempt counts in its start's). */
  periods: boolean;
  /** The name ids that start an attempt: step 1's, or any step's in an unordered funnel. */
  starts: number[];
}

export class FunnelLog extends EventColumns implements Accumulator<EventInput> {
  readonly names = new Int32List();
  readonly periods = new Int32List();
  readonly labels = new Int32List();
  /** --attribution: each group label's number (the values joined by NUL), renumbered as a part merges. */
  readonly labelIds = new Map<string, number>();
  /** Each customer's first and last start event. */
  readonly starts = new StartSpan();

  constructor(private readonly shape: LogShape) {
    super();
  }

  /** Only the columns the run reads: each costs a store per event, and a log holds millions. */
  protected columns(): Int32List[] {
    return [this.names, ...(this.shape.periods ? [this.periods] : []), ...(this.shape.attribution ? [this.labels] : [])];
  }

  add(row: EventInput): void {
    const name = this.shape.nameIds.get(row.event) ?? OTHER_EVENT;
    if (name === OTHER_EVENT && !this.shape.keepOthers) return;
    if (this.shape.starts.includes(name)) this.starts.see(row.customer, row.time);
    if (!this.shape.attribution) {
      if (this.shape.periods) this.push(row.customer, row.time, name, row.period);
      else this.push(row.customer, row.time, name);
      return;
    }
    // --attribution: the event's group labels.
    const label = intern(this.labelIds, row.groups.join('\u0000'));
    if (this.shape.periods) this.push(row.customer, row.time, name, row.period, label);
    else this.push(row.customer, row.time, name, label);
  }

  override remapCustomers(mapping: Int32Array): void {
    super.remapCustomers(mapping);
    this.starts.remapCustomers(mapping);
  }

  override merge(other: this): void {
    super.merge(other);
    this.starts.merge(other.starts);
  }

  protected override renumbered(other: this): Int32List[] {
    return other.columns().map((column) => (column === other.labels ? reinterned(column, other.labelIds, this.labelIds) : column));
  }
}

/** A customer's counted attempt (or one per entry period), with its steps' instants and the log indices of its events. */
export interface Counted {
  customer: number;
  attempt: Attempt;
  /** The instant of each step reached. */
  at: number[];
  /** The log index of each step's event. */
  events: number[];
  /** The period of the attempt's start event (with --period). */
  period: number;
}

/** The rule with the log's name ids. */
export function compileRule(rule: FunnelRule, nameIds: ReadonlyMap<string, number>): CompiledRule {
  return {
    order: rule.order,
    entry: rule.entry,
    window: rule.window,
    steps: rule.steps.map((step) => nameIds.get(step)!),
    exclusions: rule.exclusions.map((e) => ({ name: nameIds.get(e.event)!, from: e.from, to: e.to })),
  };
}

/**
 * Each customer's counted attempt; with `byPeriod`, one per period that
 * holds one of their attempts' starts (the best of those starting there).
 */
export function countedAttempts(log: FunnelLog, rule: CompiledRule, byPeriod: boolean): Counted[] {
  const times = log.times.view();
  const names = log.names.view();
  // Without --period the log keeps none, and every attempt is in period 0.
  const periods = log.periods.view();
  const periodOf = (index: number) => (periods.length > 0 ? periods[index] : 0);
  const { order, start } = eventsByCustomer(log.customers.view(), times, eventsInReach(log, rule));
  const counted: Counted[] = [];
  for (let c = 0; c + 1 < start.length; c++) {
    if (start[c] === start[c + 1]) continue;
    const events: CustomerEvents = { order: order.subarray(start[c], start[c + 1]), times, names };
    const attempts = customerAttempts(events, rule, byPeriod);
    const keep = (attempt: Attempt | undefined) => {
      if (attempt === undefined) return;
      const indices = attempt.matched.map((p) => events.order[p]);
      counted.push({ customer: c, attempt, at: stepTimes(events, attempt), events: indices, period: periodOf(events.order[attempt.start]) });
    };
    if (!byPeriod) {
      keep(bestAttempt(attempts));
      continue;
    }
    for (const list of groupedBy(attempts, (attempt) => periodOf(events.order[attempt.start])).values()) keep(bestAttempt(list));
  }
  return counted;
}

/**
 * The events an attempt can look at: a customer's from their first start
 * event's instant to the window's end after their last start's (their first
 * start's with --entry first), ties at either end included. Most of a log is
 * outside it (the events before a customer ever starts, or long after), and
 * sorting only the rest is most of the funnel's end.
 */
function eventsInReach(log: FunnelLog, rule: CompiledRule): Int32Array {
  const customers = log.customers.view();
  const times = log.times.view();
  const { first, last } = log.starts;
  const reach = rule.entry === 'first' ? first : last;
  // As long as the log, but only the pages written are ever touched: fresh memory is lazily mapped.
  const selected = new Int32Array(customers.length);
  let count = 0;
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    const t = times[i];
    // A customer past the span's end never started.
    if (c < first.length && t >= first[c] && t <= reach[c] + rule.window) selected[count++] = i;
  }
  return selected.subarray(0, count);
}
