import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import type { Periods } from '../../time/periods.js';
import { NO_LAST, type Activity } from '../events/activity.js';
import { periodRange } from '../events/period-range.js';
import { eventPeriodTable } from '../events/period-table.js';
import type { Grouped } from '../grouped.js';
import { customerList, noSuchCell } from '../customer-list.js';
import type { JobResult } from '../job.js';
import type { Cell } from '../types.js';

// `engage churn`, activity model (METRICS.md "Churn"): A(p) = customers active
// in p; churned(p) = |A(p−1) \ A(p)|; churn rate = churned / |A(p−1)|.

interface PeriodFigures {
  active: number;
  newCustomers: number;
  churned: number | null;
  base: number | null;
}

export function activityChurnTable(grouped: Grouped<EventInput, Activity>, plan: EventPlan, alpha?: number): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const overall = grouped.overall();
  let churned = 0;
  let base = 0;
  let newCustomers = 0;
  for (const [key, figures] of periodFigures(overall, periods)) {
    newCustomers += figures.newCustomers;
    if (figures.churned === null || figures.base === null || span.isPartial(periods, key)) continue;
    churned += figures.churned;
    base += figures.base;
  }
  let everActive = 0;
  for (const last of overall.last) if (last !== NO_LAST) everActive++;
  const churnRate = base > 0 ? churned / base : null;
  return eventPeriodTable(grouped, plan, {
    title: 'Churn (activity model)',
    formula:
      'churn_rate = customers active in the previous period and not in this one / customers active in the previous period; ' +
      'retention_rate = 1 − churn_rate; new = first activity ever in the period; returning = active − new; active_before = customers active in the previous period; ' +
      'overall: Σ churned / Σ previous active over complete periods',
    figures: [
      { name: 'active', type: 'count' },
      { name: 'new', type: 'count' },
      { name: 'returning', type: 'count' },
      { name: 'active_before', type: 'count' },
      { name: 'churned', type: 'count' },
      { name: 'churn_rate', type: 'rate' },
      { name: 'retention_rate', type: 'rate' },
    ],
    rowsOf: (state) => periodFigures(state, periods).map(([key, figures]) => [key, cells(figures)]),
    overall: [everActive, newCustomers, everActive - newCustomers, base, churned, churnRate, churnRate === null ? null : 1 - churnRate],
    notes: [],
    alpha,
    tests: [
      { figure: 'churn_rate', kind: 'proportion', n: 'active_before', successes: 'churned' },
      { figure: 'retention_rate', kind: 'proportion', n: 'active_before', successes: 'churned' },
    ],
  });
}

function periodFigures(activity: Activity, periods: Periods): [number, PeriodFigures][] {
  const firsts = activity.firstCounts();
  return periodRange(periods, activity.active.keys()).map((key, index, keys) => {
    const now = activity.active.get(key);
    const active = now?.count() ?? 0;
    const newCustomers = firsts.get(key) ?? 0;
    if (index === 0) return [key, { active, newCustomers, churned: null, base: null }];
    const before = activity.active.get(keys[index - 1]);
    const base = before?.count() ?? 0;
    const churned = before === undefined ? 0 : now === undefined ? base : before.countWithout(now);
    return [key, { active, newCustomers, churned, base }];
  });
}

function cells(figures: PeriodFigures): Cell[] {
  const rate = figures.churned !== null && figures.base !== null && figures.base > 0 ? figures.churned / figures.base : null;
  return [figures.active, figures.newCustomers, figures.active - figures.newCustomers, figures.base, figures.churned, rate, rate === null ? null : 1 - rate];
}

/** --list PERIOD: the customers active in the period before PERIOD and not in it, all groups together. */
export function churnedList(activity: Activity, plan: EventPlan, label: string): JobResult {
  const periods = plan.time.periods!;
  const keys = [...activity.active.keys()].sort((a, b) => a - b);
  const range = keys.length === 0 ? [] : periodRange(periods, keys);
  const period = range.slice(1).find((key) => periods.label(key) === label);
  if (period === undefined) throw noSuchCell(label, 'period after the first', range.slice(1).map((key) => periods.label(key)));
  const before = activity.active.get(periods.previous(period));
  const now = activity.active.get(period);
  const churned: number[] = [];
  before?.forEach((customer) => {
    if (!now?.has(customer)) churned.push(customer);
  });
  return customerList({
    title: `Customers who churned in ${label} (active in ${periods.label(periods.previous(period))}, not in ${label})`,
    cell: [{ name: 'period', value: label }],
    customers: churned,
    ids: plan.customers,
  });
}
