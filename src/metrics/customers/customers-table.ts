import type { Periods } from '../../time/periods.js';
import type { EventPlan } from '../../schema/plans/events.js';
import { compareLabels } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import { counted } from '../../notes/plural.js';
import type { Summaries } from './summary.js';

// engage customers: one row per customer, the BTYD summary and the orders.

export function customersTable(summaries: Summaries, plan: EventPlan, periods: Periods): JobResult {
  const amounts = plan.readsAmounts || summaries.customers.some((c) => c.revenue !== null);
  const columns: ResultColumn[] = [
    ...summaryColumns(amounts),
    { name: 'orders', type: 'count' },
    ...(amounts ? [{ name: 'revenue', type: 'number' } as const] : []),
    { name: 'first_order', type: 'text' },
    { name: 'last_order', type: 'text' },
  ];
  const rows = byId(summaries.customers, plan, (c) => c.customer).map((c): Cell[] => [
    plan.customers.idOf(c.customer),
    c.frequency,
    c.recency,
    c.T,
    ...(amounts ? [c.monetaryValue] : []),
    c.orders,
    ...(amounts ? [c.revenue] : []),
    summaries.days.label(c.firstDay),
    summaries.days.label(c.lastDay),
  ]);
  return {
    table: {
      title: 'Customers',
      formula: `frequency = ${periods.unit}s with a purchase after the first; recency = ${periods.unit}s from the first purchase to the last; T = ${periods.unit}s from the first purchase to the observation end (${summaries.days.label(summaries.endDay)})${amounts ? '; monetary_value = mean amount of the repeat purchases' : ''}`,
      columns,
      rows,
    },
    notes: observationNotes(summaries),
  };
}

/** The BTYD summary's columns, which engage customers and engage clv both start with. */
export function summaryColumns(monetary: boolean): ResultColumn[] {
  return [
    { name: 'customer_id', type: 'text' },
    { name: 'frequency', type: 'count' },
    { name: 'recency', type: 'number' },
    { name: 'T', type: 'number' },
    ...(monetary ? [{ name: 'monetary_value', type: 'number' } as const] : []),
  ];
}

/** What the observation end left out. */
export function observationNotes(summaries: Summaries): string[] {
  const end = summaries.days.label(summaries.endDay);
  const notes: string[] = [];
  if (summaries.afterEnd > 0) notes.push(`${counted(summaries.afterEnd, 'purchase row')} after the observation end (${end}) left out`);
  if (summaries.customersAfterEnd > 0) notes.push(`${counted(summaries.customersAfterEnd, 'customer')} whose first purchase is after the observation end left out`);
  return notes;
}

/** Customers in the order of their ids (numbers as numbers), as an SQL form sorts them too. */
export function byId<T>(items: readonly T[], plan: EventPlan, customerOf: (item: T) => number): T[] {
  const ids = items.map((item) => plan.customers.idOf(customerOf(item)));
  return items.map((item, i) => ({ item, id: ids[i] })).sort((a, b) => compareLabels(a.id, b.id)).map(({ item }) => item);
}
