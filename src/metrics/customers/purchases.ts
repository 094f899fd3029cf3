import { Float64List, Int32List, remapIndexes } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import { MISSING_AMOUNT } from '../../schema/values.js';
import type { Accumulator } from '../types.js';

// What the customer-value commands keep of an order log: each purchase row's
// customer, time and amount, and whether it starts an order (an order's later
// lines add to its amount, not to the orders). A few numbers a row, no text.

export class PurchaseLog implements Accumulator<EventInput> {
  readonly customers = new Int32List();
  readonly times = new Float64List();
  /** NaN where the row has no amount. */
  readonly amounts = new Float64List();
  /** 1 where the row is an order's first line. */
  readonly orderStarts = new Int32List();

  add(row: EventInput): void {
    this.customers.push(row.customer);
    this.times.push(row.time);
    this.amounts.push(row.amount === MISSING_AMOUNT ? Number.NaN : row.amount);
    this.orderStarts.push(row.firstOfOrder ? 1 : 0);
  }

  remapCustomers(mapping: Int32Array): void {
    remapIndexes(this.customers, mapping);
  }

  merge(other: PurchaseLog): void {
    this.customers.append(other.customers);
    this.times.append(other.times);
    this.amounts.append(other.amounts);
    this.orderStarts.append(other.orderStarts);
  }
}
