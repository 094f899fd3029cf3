import type { EventInput } from '../../schema/plans/events.js';
import { EventLog } from '../events/event-log.js';

// What the first reading of --segment keeps: the events the conditions count
// (or every event, when one counts any event: *), and of the others only one
// that was each customer's earliest so far, so that the earliest of all, the
// start of their first days, is among those kept. An unsorted log keeps a few
// such events a customer; a log in time order, one. Memory grows with the
// counted events, not with every row.

export class SegmentLog extends EventLog {
  /** Each customer's earliest instant so far; +∞ for one not seen. */
  private earliest = new Float64Array(1024).fill(Number.POSITIVE_INFINITY);

  constructor(
    /** Lower-cased names of the events counted; 'all' when a condition counts any event. */
    private readonly counted: ReadonlySet<string> | 'all',
  ) {
    super();
  }

  override add(row: EventInput): void {
    const customer = row.customer;
    if (customer >= this.earliest.length) {
      const grown = new Float64Array(Math.max(customer + 1, this.earliest.length * 2)).fill(Number.POSITIVE_INFINITY);
      grown.set(this.earliest);
      this.earliest = grown;
    }
    const first = row.time < this.earliest[customer];
    if (first) this.earliest[customer] = row.time;
    if (first || this.counted === 'all' || this.counted.has(row.event)) super.add(row);
  }
}
