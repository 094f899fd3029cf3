import type { EventInput } from '../../schema/plans/events.js';
import { Grouped, type LabelOrder } from '../grouped.js';
import type { Accumulator } from '../types.js';
import { RepeatPurchases } from './repeat-purchases.js';

// What `engage repeat` keeps: the orders of each group's windows, and each
// customer's orders in the whole file (before --since/--until, across groups)
// for the returning customer rate.

export class RepeatState implements Accumulator<EventInput> {
  readonly grouped: Grouped<EventInput, RepeatPurchases>;
  ordersInFile = new Uint32Array(1024);

  constructor(groupDepth: number, orders: LabelOrder[] = []) {
    this.grouped = new Grouped(() => new RepeatPurchases(), groupDepth, false, orders);
  }

  add(row: EventInput): void {
    this.grouped.add(row);
  }

  observe(row: EventInput): void {
    if (!row.firstOfOrder) return;
    this.reserve(row.customer + 1);
    this.ordersInFile[row.customer]++;
  }

  merge(other: RepeatState): void {
    this.grouped.merge(other.grouped);
    this.reserve(other.ordersInFile.length);
    for (let c = 0; c < other.ordersInFile.length; c++) this.ordersInFile[c] += other.ordersInFile[c];
  }

  private reserve(size: number): void {
    if (size <= this.ordersInFile.length) return;
    const grown = new Uint32Array(Math.max(this.ordersInFile.length * 2, size));
    grown.set(this.ordersInFile);
    this.ordersInFile = grown;
  }
}
