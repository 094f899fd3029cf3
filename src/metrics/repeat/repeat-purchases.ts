import { Bitset } from '../../kernels/bitset.js';
import { eventsByCustomer } from '../../kernels/by-customer.js';
import { CompensatedSum, FloatList } from '../../kernels/float-list.js';
import { Float64List, Int32List } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';

// Repeat purchase rate (METRICS.md "Repeat purchase rate"), one window per
// period key (a single window, key 0, without --period). Pure: rows in,
// figures out. An order is a row, or all rows of one order_id.

const MS_PER_DAY = 86_400_000;

interface Window {
  customers: Bitset;
  repeaters: Bitset;
  orders: number;
  revenue: CompensatedSum;
  revenueRows: number;
  /** Each order's customer and time, for the days between consecutive orders. */
  orderCustomers: Int32List;
  orderTimes: Float64List;
}

export interface RepeatSummary {
  period: number;
  customers: number;
  repeatCustomers: number;
  /** Customers of the window with more than one order in the whole file. */
  returningCustomers: number;
  orders: number;
  revenue: number | null;
  meanDaysBetween: number | null;
  medianDaysBetween: number | null;
}

export class RepeatPurchases implements Accumulator<EventInput> {
  private readonly windows = new Map<number, Window>();

  get windowCount(): number {
    return this.windows.size;
  }

  private window(period: number): Window {
    let window = this.windows.get(period);
    if (window === undefined) {
      window = { customers: new Bitset(), repeaters: new Bitset(), orders: 0, revenue: new CompensatedSum(), revenueRows: 0, orderCustomers: new Int32List(), orderTimes: new Float64List() };
      this.windows.set(period, window);
    }
    return window;
  }

  add(row: EventInput): void {
    const window = this.window(row.period);
    if (row.amount !== Number.NEGATIVE_INFINITY) {
      window.revenue.add(row.amount);
      window.revenueRows++;
    }
    if (!row.firstOfOrder) return;
    if (!window.customers.add(row.customer)) window.repeaters.add(row.customer);
    window.orders++;
    window.orderCustomers.push(row.customer);
    window.orderTimes.push(row.time);
  }

  merge(other: RepeatPurchases): void {
    for (const [period, theirs] of other.windows) this.mergeWindow(this.window(period), theirs);
  }

  /** Every window of this state as one window (key 0), leaving this state as it is. */
  asOneWindow(): RepeatPurchases {
    const one = new RepeatPurchases();
    const target = one.window(0);
    for (const window of this.windows.values()) one.mergeWindow(target, window);
    return one;
  }

  private mergeWindow(mine: Window, theirs: Window): void {
    // A customer seen once on each side has ordered twice in the window.
    theirs.customers.forEach((customer) => {
      if (!mine.customers.add(customer)) mine.repeaters.add(customer);
    });
    mine.repeaters.or(theirs.repeaters);
    mine.orders += theirs.orders;
    mine.revenue.merge(theirs.revenue);
    mine.revenueRows += theirs.revenueRows;
    mine.orderCustomers.append(theirs.orderCustomers);
    mine.orderTimes.append(theirs.orderTimes);
  }

  /** Each window's figures; `ordersInFile` counts each customer's orders in the whole file, for --returning. */
  summaries(ordersInFile: Uint32Array): RepeatSummary[] {
    const inFile = ordersInFile;
    return [...this.windows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([period, window]) => {
        let returning = 0;
        window.customers.forEach((customer) => {
          if (inFile[customer] >= 2) returning++;
        });
        const gaps = daysBetweenOrders(window.orderCustomers.view(), window.orderTimes.view());
        return {
          period,
          customers: window.customers.count(),
          repeatCustomers: window.repeaters.count(),
          returningCustomers: returning,
          orders: window.orders,
          revenue: window.revenueRows > 0 ? window.revenue.value() : null,
          meanDaysBetween: gaps.mean,
          medianDaysBetween: gaps.median,
        };
      });
  }
}

/** Days between each customer's consecutive orders, whatever order the rows came in. */
function daysBetweenOrders(customers: Int32Array, times: Float64Array): { mean: number | null; median: number | null } {
  const { order, start } = eventsByCustomer(customers, times);
  const gaps = new FloatList();
  const sum = new CompensatedSum();
  for (let c = 0; c + 1 < start.length; c++) {
    for (let i = start[c] + 1; i < start[c + 1]; i++) {
      const days = (times[order[i]] - times[order[i - 1]]) / MS_PER_DAY;
      gaps.push(days);
      sum.add(days);
    }
  }
  return { mean: gaps.length > 0 ? sum.value() / gaps.length : null, median: gaps.median() };
}
