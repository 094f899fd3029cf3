import { eventsByCustomer } from '../../kernels/by-customer.js';
import { groupedBy } from '../../kernels/grouped-by.js';
import { Int32List } from '../../kernels/growable.js';
import { EventColumns, intern, reinterned } from '../events/event-columns.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';
import { bestAttempt, customerAttempts, OTHER_EVENT, stepTimes, type Attempt, type CompiledRule, type CustomerEvents } from './attempts.js';
import type { FunnelRule } from './rule.js';
import { earliestSteps, earliestStepsApply, type LogColumns } from './earliest-steps.js';
import { inPartNumbers, positionsInReach, reachBounds } from './reach.js';
import { StartSpan } from './start-span.js';

// The funnel's state: the events its rule looks at (the steps', the
// exclusions', and for a strict funnel every other event too), each with its
// customer, instant, name, period and, for --attribution, its group label.
// Evaluated once at the end, customer by customer. Parts read on other
// threads and groups merged into the overall are not copied in: a log keeps
// them as they are, in order, and the end copies out only the events an
// attempt can reach, a tenth of a log or less — appending every part first
// wrote all of it to fresh memory, the costliest thing a run did there.

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

/** Names compared in turn, not looked up: more and a map is quicker. */
const FEW_NAMES = 8;

export class FunnelLog extends EventColumns implements Accumulator<EventInput> {
  readonly names = new Int32List();
  readonly periods = new Int32List();
  readonly labels = new Int32List();
  /** --attribution: each group label's number (the values joined by NUL), renumbered as a part merges. */
  readonly labelIds = new Map<string, number>();
  /** Each customer's first and last start event. */
  readonly starts = new StartSpan();
  /** The logs merged into this one, after its own events, in the order they came. */
  readonly later: FunnelLog[] = [];

  /** The names the rule looks for and their ids, side by side (see add). */
  private readonly nameList: readonly string[];
  private readonly idList: readonly number[];
  /** 1 at each name id that starts an attempt (shape.starts), looked up rather than searched a row at a time. */
  private readonly startIds: Uint8Array;

  constructor(private readonly shape: LogShape) {
    super();
    this.nameList = [...shape.nameIds.keys()];
    this.idList = [...shape.nameIds.values()];
    this.startIds = new Uint8Array(Math.max(0, ...this.idList) + 1);
    for (const id of shape.starts) this.startIds[id] = 1;
  }

  /** --attribution: a counted attempt carries its events' group labels. */
  get attributed(): boolean {
    return this.shape.attribution;
  }

  /** Only the columns the run reads: each costs a store per event, and a log holds millions. */
  protected columns(): Int32List[] {
    return [this.names, ...(this.shape.periods ? [this.periods] : []), ...(this.shape.attribution ? [this.labels] : [])];
  }

  add(row: EventInput): void {
    // A funnel looks for a few names, and a row's name is the same string as theirs (canonical.ts): compared in turn,
    // not hashed and looked up (a map's lookup was 1.5% of a funnel's samples).
    const names = this.nameList;
    let name = OTHER_EVENT;
    if (names.length <= FEW_NAMES) {
      for (let k = 0; k < names.length; k++) {
        if (names[k] === row.event) {
          name = this.idList[k];
          break;
        }
      }
    } else name = this.shape.nameIds.get(row.event) ?? OTHER_EVENT;
    if (name === OTHER_EVENT && !this.shape.keepOthers) return;
    if (name !== OTHER_EVENT && this.startIds[name] === 1) this.starts.see(row.customer, row.time);
    if (!this.shape.attribution) {
      if (this.shape.periods) this.push(row.customer, row.time, name, row.period);
      else {
        // The common funnel's three columns, pushed here: the general push looks up its columns and counts them, a row at a time.
        this.customers.push(row.customer);
        this.times.push(row.time);
        this.names.push(name);
      }
      return;
    }
    // --attribution: the event's group labels.
    const label = intern(this.labelIds, row.groups.join('\u0000'));
    if (this.shape.periods) this.push(row.customer, row.time, name, row.period, label);
    else this.push(row.customer, row.time, name, label);
  }

  /**
   * A part read on another thread: its customer c is customer whole[c] of the
   * log (see remapCustomers). Undefined: the log's own numbers.
   */
  private whole: Int32Array | undefined;

  /**
   * Before any merge: a part read on another thread is renumbered, then
   * merged. Its events keep their numbers and the mapping is kept beside
   * them: the end reads a part in its own numbers (reach.ts inPartNumbers),
   * and rewriting millions of events here cost more than that.
   */
  override remapCustomers(mapping: Int32Array): void {
    this.whole = this.whole === undefined ? mapping : this.whole.map((inLog) => mapping[inLog]);
    this.starts.remapCustomers(mapping);
    for (const part of this.later) part.remapCustomers(mapping);
  }

  /** The log's columns, each event's customer as this part numbers it (`whole` maps them to the log's). */
  columnsRead(): LogColumns & { periods: Int32Array; labels: Int32Array } {
    const [customers, times, names, periods, labels] = [this.customers.view(), this.times.view(), this.names.view(), this.periods.view(), this.labels.view()];
    return { customers, times, names, periods, labels, whole: this.whole };
  }

  /** Keeps the other log as it is, unchanged: it may be a group's, whose own table is made after. */
  override merge(other: this): void {
    this.later.push(other, ...other.later);
    this.starts.merge(other.starts);
  }
}

/** The events in reach of every part of a log, copied out in log order, labels numbered as the log numbers them. */
interface Reachable {
  customers: Int32Array;
  times: Float64Array;
  names: Int32Array;
  /** Empty without --period. */
  periods: Int32Array;
  /** Empty without --attribution. */
  labels: Int32Array;
}

/** A customer's counted attempt (or one per entry period), with its steps' instants and their events' group labels. */
export interface Counted {
  customer: number;
  /** The instant of each step reached: as many as the steps reached. */
  at: number[];
  /** The group label of each step's event (--attribution), numbered as the log's labelIds. */
  labels: readonly number[];
  /** The period of the attempt's start event (set when counted by period). */
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
 * Counted attempts as columns: attempt j is customer customers[j]'s, and
 * at[k][j] the instant of its step k (+∞ when it did not reach step k).
 * The step rows read only these: an object per counted customer, of
 * 180,000, cost a funnel's end more in collected garbage than its passes.
 */
export interface StepInstants {
  customers: Int32Array;
  at: Float64Array[];
}

/**
 * Each customer's counted attempt; with `byPeriod`, one per period that
 * holds one of their attempts' starts (the best of those starting there).
 */
export function countedAttempts(log: FunnelLog, rule: CompiledRule, byPeriod: boolean): Counted[] {
  const { customers, times, names, periods, labels } = reachable(log, rule);
  // Without --period the log keeps none, and every attempt is in period 0.
  const periodOf = (index: number) => (periods.length > 0 ? periods[index] : 0);
  const { order, start } = eventsByCustomer(customers, times);
  const counted: Counted[] = [];
  // One function for every customer, not a closure made for each of half a million.
  const keep = (customer: number, events: CustomerEvents, attempt: Attempt | undefined): void => {
    if (attempt === undefined) return;
    const stepLabels = labels.length > 0 ? attempt.matched.map((p) => labels[events.order[p]]) : NO_LABELS;
    counted.push({ customer, at: stepTimes(events, attempt), labels: stepLabels, period: periodOf(events.order[attempt.start]) });
  };
  for (let c = 0; c + 1 < start.length; c++) {
    if (start[c] === start[c + 1]) continue;
    const events: CustomerEvents = { order: order.subarray(start[c], start[c + 1]), times, names };
    const attempts = customerAttempts(events, rule, byPeriod);
    if (!byPeriod) {
      keep(c, events, bestAttempt(attempts));
      continue;
    }
    for (const list of groupedBy(attempts, (attempt) => periodOf(events.order[attempt.start])).values()) keep(c, events, bestAttempt(list));
  }
  return counted;
}

/** Shared by every counted attempt without --attribution, rather than an empty array for each of 180,000 customers. */
const NO_LABELS: readonly number[] = Object.freeze([]);

/** Each customer's counted attempt, without periods, as columns: the passes per step where they apply (earliest-steps.ts), else the walk's. */
export function countedSteps(log: FunnelLog, rule: CompiledRule): StepInstants {
  if (log.attributed || !earliestStepsApply(rule)) return stepInstantsOf(countedAttempts(log, rule, false), rule.steps.length);
  const instants = earliestSteps([log, ...log.later].map((part) => part.columnsRead()), log.starts.first, rule);
  const entered = instants[0];
  let count = 0;
  for (let c = 0; c < entered.length; c++) if (entered[c] !== Infinity) count++;
  const customers = new Int32Array(count);
  for (let c = 0, j = 0; c < entered.length; c++) if (entered[c] !== Infinity) customers[j++] = c;
  // Loops, not Float64Array.from with a function (a tenth of a second here, as in stepInstantsOf).
  const at = instants.map((all) => {
    const mine = new Float64Array(count);
    for (let j = 0; j < count; j++) mine[j] = all[customers[j]];
    return mine;
  });
  return { customers, at };
}

/** Counted attempts (of `steps` steps) as columns. */
export function stepInstantsOf(counted: readonly Counted[], steps: number): StepInstants {
  const customers = new Int32Array(counted.length);
  const at = Array.from({ length: steps }, () => new Float64Array(counted.length).fill(Infinity));
  counted.forEach((attempt, j) => {
    customers[j] = attempt.customer;
    attempt.at.forEach((time, k) => (at[k][j] = time));
  });
  return { customers, at };
}

/**
 * The events in reach (reach.ts) of every part of a log, copied out in log
 * order, customers and labels numbered as the log numbers them: sorting only
 * these is most of the walk's end.
 */
function reachable(log: FunnelLog, rule: CompiledRule): Reachable {
  const parts = [log, ...log.later].map((part) => ({ part, columns: part.columnsRead() }));
  const { first, last } = log.starts;
  const bounds = reachBounds(first, rule.entry === 'first' ? first : last, rule.window);
  const positions = parts.map(({ columns }) => positionsInReach(columns.customers, columns.times, inPartNumbers(bounds, columns.whole, Infinity, 2)));
  const count = positions.reduce((sum, kept) => sum + kept.length, 0);
  // A log keeps periods and labels only when the run needs them (columns()).
  const withPeriods = parts.some(({ columns }) => columns.periods.length > 0);
  const withLabels = parts.some(({ columns }) => columns.labels.length > 0);
  const out: Reachable = {
    customers: new Int32Array(count),
    times: new Float64Array(count),
    names: new Int32Array(count),
    periods: new Int32Array(withPeriods ? count : 0),
    labels: new Int32Array(withLabels ? count : 0),
  };
  let at = 0;
  parts.forEach(({ part, columns }, p) => {
    const { customers, times, names, periods, whole } = columns;
    // A part's labels are numbered as the part met them: renumbered as the log numbers them.
    const labels = withLabels ? reinterned(part.labels, part.labelIds, log.labelIds).view() : undefined;
    for (const i of positions[p]) {
      out.customers[at] = whole === undefined ? customers[i] : whole[customers[i]];
      out.times[at] = times[i];
      out.names[at] = names[i];
      if (withPeriods) out.periods[at] = periods[i];
      if (labels) out.labels[at] = labels[i];
      at++;
    }
  });
  return out;
}
