import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { periodRange } from '../events/period-range.js';
import { eventPeriodTable } from '../events/period-table.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { SubscriptionLog, SubscriptionPeriod } from './subscriptions.js';

// `engage churn --model subscription`: customers subscribed at the start of a
// period and no longer at its end, over those subscribed at its start; with
// amounts (MRR), gross and net revenue churn.

export function subscriptionChurnTable(grouped: Grouped<EventInput, SubscriptionLog>, plan: EventPlan, samePeriod: 'exclude' | 'include', alpha?: number): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const include = samePeriod === 'include';
  const overall = grouped.overall();
  const keys = periodRange(periods, overall.times.view().map((t) => periods.keyOf(t)));
  const boundaries = keys.length === 0 ? [] : [...keys.map((k) => periods.startUtc(k)), periods.endUtc(keys[keys.length - 1])];
  // MRR columns where the log has an amount column (empty where none of its amounts is known).
  const knownMrr = overall.amounts.view().some((a) => !Number.isNaN(a));
  const hasMrr = plan.readsAmounts || knownMrr;
  const figures: ResultColumn[] = [
    { name: 'customers_at_start', type: 'count' },
    { name: 'new', type: 'count' },
    { name: 'started_and_ended', type: 'count' },
    { name: 'churned', type: 'count' },
    { name: 'churn_rate', type: 'rate' },
    { name: 'retention_rate', type: 'rate' },
  ];
  if (hasMrr) {
    for (const name of ['mrr_at_start', 'new_mrr', 'churned_mrr', 'contraction_mrr', 'expansion_mrr']) figures.push({ name, type: 'number' });
    figures.push({ name: 'gross_mrr_churn', type: 'rate' }, { name: 'net_mrr_churn', type: 'rate' });
  }
  const total = emptyPeriod();
  overall.periods(boundaries).forEach((period, j) => {
    if (span.isPartial(periods, keys[j])) return;
    for (const name of Object.keys(total) as (keyof SubscriptionPeriod)[]) total[name] += period[name];
  });
  const cells = (p: SubscriptionPeriod): Cell[] => {
    const churned = include ? p.churned + p.samePeriod : p.churned;
    const base = include ? p.atStart + p.newCustomers + p.samePeriod : p.atStart;
    const rate = base > 0 ? churned / base : null;
    const row: Cell[] = [p.atStart, p.newCustomers, p.samePeriod, churned, rate, rate === null ? null : 1 - rate];
    if (hasMrr) {
      const gross = p.mrrAtStart > 0 ? (p.churnedMrr + p.contraction) / p.mrrAtStart : null;
      const net = p.mrrAtStart > 0 ? (p.churnedMrr + p.contraction - p.expansion) / p.mrrAtStart : null;
      row.push(...(knownMrr ? [p.mrrAtStart, p.newMrr, p.churnedMrr, p.contraction, p.expansion, gross, net] : Array(7).fill(null)));
    }
    return row;
  };
  const denominator = include ? 'customers subscribed at the start + customers who started in the period' : 'customers subscribed at the start';
  const numerator = include ? 'churned + started and ended in the period' : 'customers subscribed at the start and not at the end';
  return eventPeriodTable(grouped, plan, {
    title: 'Churn (subscription model)',
    formula:
      `churn_rate = ${numerator} / ${denominator} (--same-period ${include ? 'include, as Stripe' : 'exclude, as ChartMogul'}); ` +
      (hasMrr ? 'gross_mrr_churn = (churned + contraction MRR) / MRR at start; net_mrr_churn = (churned + contraction − expansion MRR) / MRR at start; ' : '') +
      'the all row sums complete periods',
    figures,
    rowsOf: (state) => state.periods(boundaries).map((period, j): [number, Cell[]] => [keys[j], cells(period)]),
    overall: cells(total),
    notes: [],
    alpha,
    // With --same-period include the base is no column of the table: no test of the change.
    tests: include ? [] : [
      { figure: 'churn_rate', kind: 'proportion', n: 'customers_at_start', successes: 'churned' },
      { figure: 'retention_rate', kind: 'proportion', n: 'customers_at_start', successes: 'churned' },
    ],
  });
}

function emptyPeriod(): SubscriptionPeriod {
  return { atStart: 0, newCustomers: 0, samePeriod: 0, churned: 0, mrrAtStart: 0, newMrr: 0, churnedMrr: 0, contraction: 0, expansion: 0 };
}
