import type { JobResult } from '../job.js';
import { keyedTable } from '../keyed-table.js';
import type { Cell } from '../types.js';
import { EventJob, type EventInput } from '../events/event-job.js';
import type { RepeatOptions } from './spec.js';
import { RepeatPurchases, type RepeatSummary } from './repeat-purchases.js';

// `engage repeat`: strict repeat purchase rate or, with --returning,
// Shopify's returning customer rate; per window, groups, overall last.

export const PURCHASE_EVENTS = ['purchase', 'order', 'order_completed', 'completed order', 'checkout_completed', '購入', '注文'];

export class RepeatJob extends EventJob<RepeatPurchases> {
  readonly title = 'Repeat purchase rate';
  private readonly returning: boolean;
  private ordersInFile = new Uint32Array(1024);

  constructor(options: RepeatOptions) {
    super(options, PURCHASE_EVENTS, true);
    this.returning = options.returning;
  }

  protected createState(): RepeatPurchases {
    return new RepeatPurchases(() => this.ordersInFile);
  }

  /** Orders in the whole file, before --since/--until, for --returning. */
  protected override observe(input: EventInput): void {
    if (!input.firstOfOrder) return;
    if (input.customer >= this.ordersInFile.length) {
      const grown = new Uint32Array(Math.max(this.ordersInFile.length * 2, input.customer + 1));
      grown.set(this.ordersInFile);
      this.ordersInFile = grown;
    }
    this.ordersInFile[input.customer]++;
  }

  finish(): JobResult {
    const figures = (s: RepeatSummary): Cell[] => {
      const repeaters = this.returning ? s.returningCustomers : s.repeatCustomers;
      return [
        s.customers,
        repeaters,
        s.customers > 0 ? repeaters / s.customers : null,
        s.orders,
        s.customers > 0 ? s.orders / s.customers : null,
        s.meanDaysBetween,
        s.medianDaysBetween,
        s.revenue,
        s.revenue !== null && s.customers > 0 ? s.revenue / s.customers : null,
      ];
    };
    // Without periods or groups the one window is the overall row: summarise it once.
    const keyed = this.periods !== undefined || this.options.groupBy.length > 0;
    const rows = !keyed ? [] : this.grouped.sorted().flatMap((group) => {
      const byPeriod = new Map(group.state.result().map((s) => [s.period, s]));
      const keys = this.periods ? this.periodRange(byPeriod.keys()) : [0];
      return keys.map((key) => ({ period: key, values: group.key.values, cells: figures(byPeriod.get(key) ?? emptySummary(key)) }));
    });
    const definition = this.returning
      ? 'returning_rate = customers of the window with more than one order in the whole file / customers who ordered in the window'
      : 'repeat_rate = customers with ≥ 2 orders in the window / customers with ≥ 1 order in the window';
    const orders = !this.filteredByEvent
      ? 'orders = rows'
      : this.options.events.length > 0
        ? `orders = rows of the events ${this.options.events.join(', ')}`
        : 'orders = rows of purchase events (named purchase, order or the like)';
    return keyedTable({
      title: this.returning ? 'Returning customer rate' : this.title,
      formula: `${definition}; ${orders}, one per order_id where there is one`,
      periods: this.periods,
      span: this.span,
      groupNames: this.options.groupBy,
      figures: [
        { name: 'customers', type: 'count' },
        { name: this.returning ? 'returning_customers' : 'repeat_customers', type: 'count' },
        { name: this.returning ? 'returning_rate' : 'repeat_rate', type: 'rate' },
        { name: 'orders', type: 'count' },
        { name: 'orders_per_customer', type: 'number' },
        { name: 'mean_days_between', type: 'number' },
        { name: 'median_days_between', type: 'number' },
        { name: 'revenue', type: 'number' },
        { name: 'revenue_per_customer', type: 'number' },
      ],
      rows,
      // One window over everything, so repeaters are counted across periods.
      overall: figures(this.overallSummary()),
      notes: this.commonNotes(),
    });
  }

  /** All groups and periods as one window. */
  private overallSummary(): RepeatSummary {
    const groups = this.grouped.sorted();
    // One group with one window is its own total: no copy of its orders.
    if (groups.length === 1 && groups[0].state.windowCount === 1) return groups[0].state.result()[0];
    const total = this.createState();
    for (const group of this.grouped.sorted()) total.merge(group.state.asOneWindow());
    return total.result()[0] ?? emptySummary(0);
  }
}

function emptySummary(period: number): RepeatSummary {
  return { period, customers: 0, repeatCustomers: 0, returningCustomers: 0, orders: 0, revenue: null, meanDaysBetween: null, medianDaysBetween: null };
}
