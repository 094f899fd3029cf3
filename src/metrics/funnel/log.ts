import { eventsByCustomer } from '../../kernels/by-customer.js';
import { groupedBy } from '../../kernels/grouped-by.js';
import { Int32List } from '../../kernels/growable.js';
import { EventColumns, intern, reinterned } from '../events/event-columns.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';
import { bestAttempt, customerAttempts, OTHER_EVENT, stepTimes, type Attempt, type CompiledRule, type CustomerEvents } from './attempts.js';
import type { FunnelRule } from './rule.js';

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
}

export class FunnelLog extends EventColumns implements Accumulator<EventInput> {
  readonly names = new Int32List();
  readonly periods = new Int32List();
  readonly labels = new Int32List();
  /** --attribution: each group label's number (the values joined by NUL), renumbered as a part merges. */
  readonly labelIds = new Map<string, number>();

  constructor(private readonly shape: LogShape) {
    super();
  }

  protected columns(): Int32List[] {
    return [this.names, this.periods, this.labels];
  }

  add(row: EventInput): void {
    const name = this.shape.nameIds.get(row.event) ?? OTHER_EVENT;
    if (name === OTHER_EVENT && !this.shape.keepOthers) return;
    // --attribution: the event's group labels (−1 without it).
    const label = this.shape.attribution ? intern(this.labelIds, row.groups.join('\u0000')) : -1;
    this.push(row.customer, row.time, name, row.period, label);
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
  const periods = log.periods.view();
  const { order, start } = eventsByCustomer(log.customers.view(), times);
  const counted: Counted[] = [];
  for (let c = 0; c + 1 < start.length; c++) {
    if (start[c] === start[c + 1]) continue;
    const events: CustomerEvents = { order: order.subarray(start[c], start[c + 1]), times, names };
    const attempts = customerAttempts(events, rule, byPeriod);
    const keep = (attempt: Attempt | undefined) => {
      if (attempt === undefined) return;
      const indices = attempt.matched.map((p) => events.order[p]);
      counted.push({ customer: c, attempt, at: stepTimes(events, attempt), events: indices, period: periods[events.order[attempt.start]] });
    };
    if (!byPeriod) {
      keep(bestAttempt(attempts));
      continue;
    }
    for (const list of groupedBy(attempts, (attempt) => periods[events.order[attempt.start]]).values()) keep(bestAttempt(list));
  }
  return counted;
}
