import { CompensatedSum } from '../../kernels/float-list.js';
import type { EventPlan } from '../../schema/plans/events.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import { customerList, noSuchCell } from '../customer-list.js';
import { byId, observationNotes } from './customers-table.js';
import { rfmScores, SEGMENTS, type RfmScore } from './rfm.js';
import type { Summaries } from './summary.js';

// engage rfm: a row per segment (customers, share, revenue and its share,
// the mean recency, orders and revenue), or with --per-customer a row per
// customer with the scores, the cell and the segment.

const FORMULA =
  'recency = days from the last order to the observation end, frequency = orders, monetary = revenue; each scored 1–5: 1 + ⌊5 × customers with a worse value / customers⌋ (5 = most recent, most orders, most revenue); segment from R and the mean of F and M (engage rfm --help)';

export function rfmTable(summaries: Summaries, plan: EventPlan, perCustomer: boolean, list?: string): JobResult {
  const withAmounts = plan.readsAmounts || summaries.customers.some((c) => c.revenue !== null);
  const scores = rfmScores(summaries.customers, summaries.endDay, withAmounts);
  const notes = observationNotes(summaries);
  if (list !== undefined) {
    const segment = SEGMENTS.find((name) => name.toLowerCase() === list.trim().toLowerCase());
    if (segment === undefined) throw noSuchCell(list, 'segment', SEGMENTS);
    const members = scores.filter((s) => s.segment === segment).map((s) => s.customer.customer);
    const listed = customerList({ title: `Customers in the segment ${segment}`, cell: [{ name: 'segment', value: segment }], customers: members, ids: plan.customers });
    return { ...listed, notes };
  }
  const headerNotes = withAmounts ? [] : ['no amounts: M is F, and the segments come from recency and orders (--map amount=… names the amount)'];
  return { table: perCustomer ? customerRows(scores, plan, withAmounts) : segmentRows(scores, withAmounts), notes, headerNotes };
}

function customerRows(scores: RfmScore[], plan: EventPlan, withAmounts: boolean) {
  const columns: ResultColumn[] = [
    { name: 'customer_id', type: 'text' },
    { name: 'recency_days', type: 'count' },
    { name: 'orders', type: 'count' },
    ...(withAmounts ? [{ name: 'revenue', type: 'number' } as const] : []),
    { name: 'r', type: 'count' },
    { name: 'f', type: 'count' },
    { name: 'm', type: 'count' },
    { name: 'rfm_cell', type: 'text' },
    { name: 'segment', type: 'text' },
  ];
  const rows = byId(scores, plan, (s) => s.customer.customer).map((s): Cell[] => [
    plan.customers.idOf(s.customer.customer),
    s.recencyDays,
    s.customer.orders,
    ...(withAmounts ? [s.customer.revenue ?? 0] : []),
    s.r,
    s.f,
    s.m,
    `${s.r}${s.f}${s.m}`,
    s.segment,
  ]);
  return { title: 'RFM per customer', formula: FORMULA, columns, rows };
}

function segmentRows(scores: RfmScore[], withAmounts: boolean) {
  const columns: ResultColumn[] = [
    { name: 'segment', type: 'text' },
    { name: 'customers', type: 'count' },
    { name: 'share', type: 'rate' },
    ...(withAmounts ? [{ name: 'revenue', type: 'number' } as const, { name: 'revenue_share', type: 'rate' } as const] : []),
    { name: 'mean_recency_days', type: 'number' },
    { name: 'mean_orders', type: 'number' },
    ...(withAmounts ? [{ name: 'mean_revenue', type: 'number' } as const] : []),
  ];
  const total = figures(scores);
  const row = (name: string, group: RfmScore[]): Cell[] => {
    const f = figures(group);
    return [
      name,
      group.length,
      group.length / scores.length,
      ...(withAmounts ? [f.revenue, total.revenue !== 0 ? f.revenue / total.revenue : null] : []),
      f.recency / group.length,
      f.orders / group.length,
      ...(withAmounts ? [f.revenue / group.length] : []),
    ];
  };
  const rows = SEGMENTS.map((segment) => scores.filter((s) => s.segment === segment))
    .map((group, i) => ({ group, segment: SEGMENTS[i] }))
    .filter(({ group }) => group.length > 0)
    .map(({ group, segment }) => row(segment, group));
  if (scores.length > 0) rows.push(row('all', scores));
  return { title: 'RFM segments', formula: FORMULA, columns, rows, overallRow: scores.length > 0 ? rows.length - 1 : undefined };
}

function figures(group: RfmScore[]): { revenue: number; recency: number; orders: number } {
  const revenue = new CompensatedSum();
  let recency = 0;
  let orders = 0;
  for (const s of group) {
    revenue.add(s.customer.revenue ?? 0);
    recency += s.recencyDays;
    orders += s.customer.orders;
  }
  return { revenue: revenue.value(), recency, orders };
}
