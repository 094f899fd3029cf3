import type { EventPlan } from '../../schema/plans/events.js';
import { periodRange } from '../events/period-range.js';
import type { JobResult } from '../job.js';
import { keyedTable } from '../keyed-table.js';
import type { Cell } from '../types.js';
import type { RepeatSummary } from './repeat-purchases.js';
import { RepeatPurchases } from './repeat-purchases.js';
import type { RepeatOptions } from './options.js';
import type { RepeatState } from './state.js';

// `engage repeat`: strict repeat purchase rate or, with --returning,
// Shopify's returning customer rate; per window, groups, overall last.

export function repeatTable(state: RepeatState, plan: EventPlan, options: RepeatOptions): JobResult {
  const { periods, span } = plan.time;
  const returning = options.returning;
  const figures = (s: RepeatSummary): Cell[] => {
    const repeaters = returning ? s.returningCustomers : s.repeatCustomers;
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
  const keyed = periods !== undefined || options.groupBy.length > 0;
  const rows = !keyed ? [] : state.grouped.sorted().flatMap((group) => {
    const byPeriod = new Map(group.state.summaries(state.ordersInFile).map((s) => [s.period, s]));
    const keys = periods ? periodRange(periods, byPeriod.keys()) : [0];
    return keys.map((key) => ({ period: key, values: group.key.values, cells: figures(byPeriod.get(key) ?? emptySummary(key)) }));
  });
  const definition = returning
    ? 'returning_rate = customers of the window with more than one order in the whole file / customers who ordered in the window'
    : 'repeat_rate = customers with ≥ 2 orders in the window / customers with ≥ 1 order in the window';
  const orders = !plan.filteredByEvent
    ? 'orders = rows'
    : options.events.length > 0
      ? `orders = rows of the events ${options.events.join(', ')}`
      : 'orders = rows of purchase events (named purchase, order or the like)';
  return keyedTable({
    title: returning ? 'Returning customer rate' : 'Repeat purchase rate',
    formula: `${definition}; ${orders}, one per order_id where there is one`,
    periods,
    span,
    groupNames: options.groupBy,
    figures: [
      { name: 'customers', type: 'count' },
      { name: returning ? 'returning_customers' : 'repeat_customers', type: 'count' },
      { name: returning ? 'returning_rate' : 'repeat_rate', type: 'rate' },
      { name: 'orders', type: 'count' },
      { name: 'orders_per_customer', type: 'number' },
      { name: 'mean_days_between', type: 'number' },
      { name: 'median_days_between', type: 'number' },
      { name: 'revenue', type: 'number' },
      { name: 'revenue_per_customer', type: 'number' },
    ],
    rows,
    // One window over everything, so repeaters are counted across periods.
    overall: figures(overallSummary(state)),
    notes: [],
    alpha: options.alpha,
    tests: [returning ? { figure: 'returning_rate', kind: 'proportion', n: 'customers', successes: 'returning_customers' } : { figure: 'repeat_rate', kind: 'proportion', n: 'customers', successes: 'repeat_customers' }],
  });
}

/** All groups and periods as one window. */
function overallSummary(state: RepeatState): RepeatSummary {
  // Customers in several groups (overlapping segments) are counted once.
  const exact = state.grouped.exact;
  if (exact !== undefined) return exact.asOneWindow().summaries(state.ordersInFile)[0] ?? emptySummary(0);
  const groups = state.grouped.sorted();
  // One group with one window is its own total: no copy of its orders.
  if (groups.length === 1 && groups[0].state.windowCount === 1) return groups[0].state.summaries(state.ordersInFile)[0];
  const total = new RepeatPurchases();
  for (const group of groups) total.merge(group.state.asOneWindow());
  return total.summaries(state.ordersInFile)[0] ?? emptySummary(0);
}

function emptySummary(period: number): RepeatSummary {
  return { period, customers: 0, repeatCustomers: 0, returningCustomers: 0, orders: 0, revenue: null, meanDaysBetween: null, medianDaysBetween: null };
}
