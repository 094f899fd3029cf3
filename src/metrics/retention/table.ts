import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import type { Periods } from '../../time/periods.js';
import { CompensatedSum } from '../../kernels/float-list.js';
import { NO_FIRST, type Activity } from '../events/activity.js';
import type { RevenueActivity } from './revenue-activity.js';
import { periodRange } from '../events/period-range.js';
import type { Grouped } from '../grouped.js';
import { customerList, noSuchCell } from '../customer-list.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { RetentionOptions } from './options.js';

// `engage retention` (METRICS.md "Cohort retention"): a customer's cohort is
// the period of their first start event; cell (c, k) is the share of cohort c
// active (a return event) in period c+k, or with --unbounded in c+k or later.

interface Triangle {
  cohorts: number[];
  sizes: Map<number, number>;
  /** retained.get(cohort)[k] */
  retained: Map<number, number[]>;
}

export function retentionTable(grouped: Grouped<EventInput, Activity>, plan: EventPlan, options: RetentionOptions): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const { counts, unbounded, revenue, cumulative } = options;
  const triangleOf = (activity: Activity) =>
    revenue ? revenueTriangle(activity as RevenueActivity, lastKey, periods, cumulative) : triangle(activity, lastKey, periods, unbounded);
  const groupNames = options.groupBy;
  const notes: string[] = [];
  const overall = grouped.overall();
  const cohortKeys = [...overall.firstCounts().keys()];
  // The data ends at the last period with a start or a return event.
  const allKeys = periodRange(periods, [...overall.active.keys(), ...cohortKeys]);
  const lastKey = allKeys[allKeys.length - 1];
  const firstCohort = Math.min(...cohortKeys);
  const width = Number.isFinite(firstCohort) && lastKey !== undefined ? periods.ordinal(lastKey) - periods.ordinal(firstCohort) + 1 : 0;
  if (options.list !== undefined) return cellList(overall, plan, periods, options.list, unbounded);
  const partialLast = lastKey !== undefined && span.isPartial(periods, lastKey);
  if (partialLast) notes.push(span.partialNote(periods, lastKey));

  const columns: ResultColumn[] = [
    ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: 'cohort', type: 'period' },
    { name: 'customers', type: 'count' },
    ...Array.from({ length: width }, (_, k): ResultColumn => ({ name: `offset_${k}`, type: revenue ? 'number' : counts ? 'count' : 'rate' })),
    { name: 'partial_offset', type: 'count' },
  ];
  const rows: Cell[][] = [];
  const marks: [number, number][] = [];
  const offsetColumn = groupNames.length + 2;
  const emitTriangle = (triangle: Triangle, prefix: string[]) => {
    for (const cohort of triangle.cohorts) {
      const size = triangle.sizes.get(cohort)!;
      const retained = triangle.retained.get(cohort)!;
      const available = periods.ordinal(lastKey) - periods.ordinal(cohort) + 1;
      const cells: Cell[] = Array.from({ length: width }, (_, k) => {
        if (k >= available) return null;
        return counts ? retained[k] : size > 0 ? retained[k] / size : null;
      });
      const partialOffset = partialLast && available > 0 ? available - 1 : null;
      if (partialOffset !== null) marks.push([rows.length, offsetColumn + partialOffset]);
      rows.push([...prefix, periods.label(cohort), size, ...cells, partialOffset]);
    }
  };
  for (const group of grouped.sorted()) emitTriangle(triangleOf(group.state), group.key.values);

  // The bottom row: Σ retained / Σ sizes over cohorts whose cell at that offset is complete.
  const whole = triangleOf(overall);
  const mean: Cell[] = Array.from({ length: width }, (_, k) => {
    let retained = 0;
    let size = 0;
    for (const cohort of whole.cohorts) {
      const available = periods.ordinal(lastKey) - periods.ordinal(cohort) + 1 - (partialLast ? 1 : 0);
      if (k >= available) continue;
      retained += whole.retained.get(cohort)![k];
      size += whole.sizes.get(cohort)!;
    }
    if (counts) return size > 0 ? retained : null;
    return size > 0 ? retained / size : null;
  });
  let everyone = 0;
  for (const size of whole.sizes.values()) everyone += size;
  rows.push([...groupNames.map(() => 'all'), 'all', everyone, ...mean, null]);

  const activeIn = unbounded ? 'active in period c+k or later' : 'active in period c+k';
  const start = options.startEvents.length > 0 ? lower(options.startEvents).join(' or ') : 'event';
  const back = options.returnEvents.length > 0 ? lower(options.returnEvents).join(' or ') : 'any event';
  const revenueIn = cumulative ? 'in periods c to c+k' : 'in period c+k';
  return {
    table: {
      title: revenue ? `Revenue per cohort${cumulative ? ' (cumulative: the LTV curve)' : ''}` : unbounded ? 'Cohort retention (unbounded: on or after)' : 'Cohort retention',
      formula: revenue
        ? `cohort = period of a customer's first ${start}; offset_k = ${counts ? 'revenue' : 'revenue per customer'} of the cohort ${revenueIn} (${back}); ` +
          `the all row: ${counts ? 'Σ revenue' : 'Σ revenue / Σ cohort sizes'} over cohorts whose cell is complete`
        : `cohort = period of a customer's first ${start}; offset_k = ${counts ? 'customers' : 'share'} of the cohort ${activeIn} (${back}); ` +
          `the all row: ${counts ? 'Σ retained' : 'Σ retained / Σ cohort sizes'} over cohorts whose cell is complete`,
      columns,
      rows,
      overallRow: rows.length - 1,
      marks,
      shade: !counts && !revenue,
    },
    notes,
  };
}

/** --list COHORT:K: the customers of cohort COHORT active in period cohort+k (or, --unbounded, then or later), all groups together. */
function cellList(activity: Activity, plan: EventPlan, periods: Periods, cell: string, unbounded: boolean): JobResult {
  const at = cell.lastIndexOf(':');
  const [label, k] = [cell.slice(0, at), Number(cell.slice(at + 1))];
  const cohorts = [...activity.firstCounts().keys()].sort((a, b) => a - b);
  const cohort = cohorts.find((key) => periods.label(key) === label);
  if (cohort === undefined) throw noSuchCell(label, 'cohort', cohorts.map((key) => periods.label(key)));
  let target = cohort;
  for (let i = 0; i < k; i++) target = periods.next(target);
  const active = activity.active.get(target);
  const members: number[] = [];
  for (let customer = 0; customer < activity.first.length; customer++) {
    if (activity.first[customer] !== cohort) continue;
    if (unbounded ? activity.last[customer] >= target : active?.has(customer)) members.push(customer);
  }
  return customerList({
    title: `Customers of cohort ${label} ${unbounded ? 'active at or after' : 'active at'} offset ${k} (${periods.label(target)})`,
    cell: [
      { name: 'cohort', value: label },
      { name: 'offset', value: String(k) },
    ],
    customers: members,
    ids: plan.customers,
  });
}

/** Event names as the plan compares them, each once. */
export function lower(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim().toLowerCase()))];
}

/** Revenue of each cohort's customers in each later period (or up to it), by offset. */
function revenueTriangle(activity: RevenueActivity, lastKey: number, periods: Periods, cumulative: boolean): Triangle {
  const sizes = activity.firstCounts();
  const cohorts = [...sizes.keys()].sort((a, b) => a - b);
  const sums = new Map<number, CompensatedSum[]>();
  for (const cohort of cohorts) sums.set(cohort, Array.from({ length: Math.max(0, periods.ordinal(lastKey) - periods.ordinal(cohort) + 1) }, () => new CompensatedSum()));
  const customers = activity.revenueCustomers.view();
  const rowPeriods = activity.revenuePeriods.view();
  const amounts = activity.revenueAmounts.view();
  for (let i = 0; i < customers.length; i++) {
    const cohort = activity.first[customers[i]];
    if (cohort === NO_FIRST || rowPeriods[i] < cohort) continue;
    sums.get(cohort)![periods.ordinal(rowPeriods[i]) - periods.ordinal(cohort)].add(amounts[i]);
  }
  const retained = new Map<number, number[]>();
  for (const [cohort, cells] of sums) {
    const values = cells.map((sum) => sum.value());
    if (cumulative) for (let k = 1; k < values.length; k++) values[k] += values[k - 1];
    retained.set(cohort, values);
  }
  return { cohorts, sizes, retained };
}

function triangle(activity: Activity, lastKey: number, periods: Periods, unbounded: boolean): Triangle {
  const sizes = activity.firstCounts();
  const cohorts = [...sizes.keys()].sort((a, b) => a - b);
  const retained = new Map<number, number[]>();
  for (const cohort of cohorts) retained.set(cohort, new Array(Math.max(0, periods.ordinal(lastKey) - periods.ordinal(cohort) + 1)).fill(0));
  const { first, last } = activity;
  if (unbounded) {
    for (let customer = 0; customer < first.length; customer++) {
      const cohort = first[customer];
      if (cohort === NO_FIRST || last[customer] < cohort) continue;
      const cells = retained.get(cohort)!;
      const through = periods.ordinal(last[customer]) - periods.ordinal(cohort);
      for (let k = 0; k <= through; k++) cells[k]++;
    }
  } else {
    for (const [period, set] of activity.active) {
      set.forEach((customer) => {
        const cohort = first[customer];
        if (cohort === NO_FIRST || period < cohort) return;
        retained.get(cohort)![periods.ordinal(period) - periods.ordinal(cohort)]++;
      });
    }
  }
  return { cohorts, sizes, retained };
}
