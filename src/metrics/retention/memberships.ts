import { eventsByCustomer } from '../../kernels/by-customer.js';
import { Int32List } from '../../kernels/growable.js';
import { EventColumns } from '../events/event-columns.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Periods } from '../../time/periods.js';
import type { Accumulator } from '../types.js';
import type { EventTest } from '../events/activity.js';

// Retention by memberships (product-analytics.md "Cohort retention"), for
// what periods of activity alone cannot say: a cohort per period with a
// start event (--mode recurring), offsets measured from each customer's own
// start (--windows 24h), return events counted (--min-occurrences) and
// offsets grouped into brackets. The log keeps each start and return event;
// a customer's memberships and their return offsets are worked out at the end.

const START = 1;
const RETURN = 2;

export class RetentionLog extends EventColumns implements Accumulator<EventInput> {
  readonly periods = new Int32List();
  readonly roles = new Int32List();

  constructor(
    private readonly starts: EventTest,
    private readonly returns: EventTest,
  ) {
    super();
  }

  protected columns(): Int32List[] {
    return [this.periods, this.roles];
  }

  add(row: EventInput): void {
    const role = (this.starts(row.event) ? START : 0) | (this.returns(row.event) ? RETURN : 0);
    if (role !== 0) this.push(row.customer, row.time, row.period, role);
  }
}

export interface MembershipRule {
  mode: 'first-time' | 'recurring';
  /** The length of one offset with --windows 24h (a day, a week, 30 days); undefined: calendar periods. */
  windowMs: number | undefined;
}

/** A customer in one cohort: its period, their start instant, and their return events by offset. */
export interface Membership {
  customer: number;
  cohort: number;
  start: number;
  /** Return events at each offset (offsets from 0, only those with events). */
  returns: Map<number, number>;
  /** The last offset with a return event, −1 for none. */
  lastOffset: number;
}

/** Every membership of every customer of the log. */
export function membershipsOf(log: RetentionLog, rule: MembershipRule, periods: Periods): Membership[] {
  const times = log.times.view();
  const keys = log.periods.view();
  const roles = log.roles.view();
  const { order, start } = eventsByCustomer(log.customers.view(), times);
  const all: Membership[] = [];
  for (let c = 0; c + 1 < start.length; c++) {
    const events = order.subarray(start[c], start[c + 1]);
    const mine: Membership[] = [];
    for (const e of events) {
      if ((roles[e] & START) === 0) continue;
      // First-time: the first start event only; recurring: the first start event of each period.
      if (mine.length > 0 && (rule.mode === 'first-time' || mine[mine.length - 1].cohort === keys[e])) continue;
      mine.push({ customer: c, cohort: keys[e], start: times[e], returns: new Map(), lastOffset: -1 });
    }
    for (const membership of mine) {
      for (const e of events) {
        if ((roles[e] & RETURN) === 0) continue;
        const offset =
          rule.windowMs === undefined
            ? keys[e] >= membership.cohort ? periods.ordinal(keys[e]) - periods.ordinal(membership.cohort) : -1
            : times[e] >= membership.start ? Math.floor((times[e] - membership.start) / rule.windowMs) : -1;
        if (offset < 0) continue;
        membership.returns.set(offset, (membership.returns.get(offset) ?? 0) + 1);
        if (offset > membership.lastOffset) membership.lastOffset = offset;
      }
    }
    all.push(...mine);
  }
  return all;
}
