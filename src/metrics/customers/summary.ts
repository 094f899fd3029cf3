import { eventsByCustomer } from '../../kernels/by-customer.js';
import { CompensatedSum } from '../../kernels/float-list.js';
import { Periods } from '../../time/periods.js';
import type { PurchaseLog } from './purchases.js';

// The customer summary of the BTYD literature (METRICS.md "Customer
// summary"), as lifetimes' summary_data_from_transaction_data makes it:
// purchases in one --freq period are one purchase, amounts summed;
// frequency = purchase periods after the first; recency and T = periods from
// the first purchase to the last, and to the observation end. Pure: a log in,
// one summary per customer out.

export interface CustomerSummary {
  customer: number;
  frequency: number;
  recency: number;
  T: number;
  /** Mean amount of the repeat purchases (the first left out); 0 without one; null without amounts. */
  monetaryValue: number | null;
  orders: number;
  /** Σ amounts; null when none of the customer's rows has one. */
  revenue: number | null;
  /** Days (in the zone) of the first and the last purchase. */
  firstDay: number;
  lastDay: number;
}

export interface Summaries {
  customers: CustomerSummary[];
  /** Purchase rows after the observation end, left out. */
  afterEnd: number;
  /** Customers whose first purchase is after the observation end, left out. */
  customersAfterEnd: number;
  /** The last day observed (day number in the zone), included. */
  endDay: number;
  /** The calendar of those day numbers, for their labels. */
  days: Periods;
}

/**
 * The summaries of every customer of the log, in --freq `periods` (day, week or month).
 * `endDay` is the last day observed (undefined: the day of the latest purchase).
 */
export function summarize(log: PurchaseLog, periods: Periods, endDay: number | undefined): Summaries {
  const times = log.times.view();
  const amounts = log.amounts.view();
  const starts = log.orderStarts.view();
  const days = new Periods('day', periods.zone);
  const dayOf = (time: number) => days.keyOf(time);
  let endOfData = endDay;
  if (endOfData === undefined) {
    endOfData = Number.NEGATIVE_INFINITY;
    for (const time of times) endOfData = Math.max(endOfData, dayOf(time));
  }
  const endOrdinal = periods.ordinal(periods.keyOfDay(endOfData));
  const { order, start } = eventsByCustomer(log.customers.view(), times);
  const customers: CustomerSummary[] = [];
  // Sums as exact as the doubles allow (29.33 + 29.73 + 14.96 is 74.02, not 74.02000000000001), made once and reset per customer.
  const [periodAmount, repeatSum, revenue] = [new CompensatedSum(), new CompensatedSum(), new CompensatedSum()];
  let afterEnd = 0;
  let customersAfterEnd = 0;
  for (let c = 0; c + 1 < start.length; c++) {
    if (start[c] === start[c + 1]) continue;
    let periodsSeen = 0;
    let firstOrdinal = 0;
    let lastOrdinal = 0;
    periodAmount.reset();
    repeatSum.reset();
    revenue.reset();
    let orders = 0;
    let withAmount = 0;
    let firstDay = Number.NaN;
    let lastDay = Number.NaN;
    for (let e = start[c]; e < start[c + 1]; e++) {
      const i = order[e];
      const day = dayOf(times[i]);
      if (day > endOfData) {
        afterEnd++;
        continue;
      }
      const ordinal = periods.ordinal(periods.keyOf(times[i]));
      const amount = Number.isNaN(amounts[i]) ? 0 : amounts[i];
      if (!Number.isNaN(amounts[i])) withAmount++;
      if (periodsSeen === 0 || ordinal !== lastOrdinal) {
        // A new purchase period: the one before is done; a repeat one adds to the mean.
        if (periodsSeen > 1) repeatSum.add(periodAmount.value());
        if (periodsSeen === 0) firstOrdinal = ordinal;
        periodsSeen++;
        lastOrdinal = ordinal;
        periodAmount.reset();
      }
      periodAmount.add(amount);
      orders += starts[i];
      revenue.add(amount);
      if (Number.isNaN(firstDay)) firstDay = day;
      lastDay = day;
    }
    if (periodsSeen === 0) {
      customersAfterEnd++;
      continue;
    }
    if (periodsSeen > 1) repeatSum.add(periodAmount.value());
    const frequency = periodsSeen - 1;
    customers.push({
      customer: c,
      frequency,
      recency: lastOrdinal - firstOrdinal,
      T: endOrdinal - firstOrdinal,
      monetaryValue: withAmount === 0 ? null : frequency === 0 ? 0 : repeatSum.value() / frequency,
      orders,
      revenue: withAmount === 0 ? null : revenue.value(),
      firstDay,
      lastDay,
    });
  }
  return { customers, afterEnd, customersAfterEnd, endDay: endOfData, days };
}
