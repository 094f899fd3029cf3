import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import type { Periods } from '../../time/periods.js';
import type { Activity } from '../events/activity.js';
import { periodRange } from '../events/period-range.js';
import { eventPeriodTable } from '../events/period-table.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell } from '../types.js';

// `engage lifecycle` (METRICS.md "Lifecycle"): each customer active in p is
// new (p is their first active period), returning (also active in p−1) or
// resurrecting (active before, not in p−1); dormant = active in p−1, not in p,
// reported as a negative count as growth-accounting charts draw it.

interface LifecycleFigures {
  active: number;
  newCustomers: number;
  returning: number;
  resurrecting: number;
  dormant: number;
}

export function lifecycleTable(grouped: Grouped<EventInput, Activity>, plan: EventPlan): JobResult {
  const periods = plan.time.periods!;
  const total: LifecycleFigures = { active: 0, newCustomers: 0, returning: 0, resurrecting: 0, dormant: 0 };
  for (const [, figures] of periodFigures(grouped.overall(), periods)) {
    for (const name of Object.keys(total) as (keyof LifecycleFigures)[]) total[name] += figures[name];
  }
  return eventPeriodTable(grouped, plan, {
    title: 'Lifecycle',
    formula:
      'new = first active period of the customer; returning = also active in the period before; resurrecting = active before, not in the period before; ' +
      'dormant = −(active in the period before, not in this one); quick_ratio = (new + resurrecting) / |dormant|; the all row sums the periods',
    figures: [
      { name: 'active', type: 'count' },
      { name: 'new', type: 'count' },
      { name: 'returning', type: 'count' },
      { name: 'resurrecting', type: 'count' },
      { name: 'dormant', type: 'count' },
      { name: 'quick_ratio', type: 'number' },
    ],
    rowsOf: (state) => periodFigures(state, periods).map(([key, figures]) => [key, cells(figures)]),
    overall: cells(total),
    notes: [],
  });
}

function periodFigures(activity: Activity, periods: Periods): [number, LifecycleFigures][] {
  const firsts = activity.firstCounts();
  return periodRange(periods, activity.active.keys()).map((key, index, keys) => {
    const now = activity.active.get(key);
    const before = index > 0 ? activity.active.get(keys[index - 1]) : undefined;
    const active = now?.count() ?? 0;
    const newCustomers = firsts.get(key) ?? 0;
    const returning = now && before ? now.countBoth(before) : 0;
    const dormant = before ? (now ? before.countWithout(now) : before.count()) : 0;
    return [key, { active, newCustomers, returning, resurrecting: active - newCustomers - returning, dormant: dormant === 0 ? 0 : -dormant }];
  });
}

function cells(f: LifecycleFigures): Cell[] {
  return [f.active, f.newCustomers, f.returning, f.resurrecting, f.dormant, f.dormant < 0 ? (f.newCustomers + f.resurrecting) / -f.dormant : null];
}
