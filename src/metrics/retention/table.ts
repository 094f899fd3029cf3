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
import { calendarReach, columnsReached, offsetColumns, type Column, type Triangle } from './triangle.js';

// `engage retention` (METRICS.md "Cohort retention"): a customer's cohort is
// the period of their first start event; cell (c, k) is the share of cohort c
// active (a return event) in period c+k, or with --unbounded in c+k or later.

/** How a triangle's cells and its all row read: shares of the cohort or of the cell before, counts, and the mean of the all row. */
interface Reading {
  counts: boolean;
  revenue: boolean;
  reference: RetentionOptions['reference'];
  mean: RetentionOptions['mean'];
}

/** The triangle of each group, then the all row; the columns the same for every group. */
export function triangleTable(
  grouped: { sorted(): { key: { values: string[] }; state: unknown }[] },
  triangleOf: (state: never) => Triangle,
  overall: Triangle,
  columns: Column[],
  periods: Periods,
  groupNames: readonly string[],
  reading: Reading,
): { columns: ResultColumn[]; rows: Cell[][]; marks: [number, number][]; partial: boolean } {
  const width = Math.max(0, ...overall.cohorts.map((c) => columnsReached(columns, overall.begun.get(c)!, overall.ended.get(c)!).shown));
  const shown = columns.slice(0, width);
  const resultColumns: ResultColumn[] = [
    ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: 'cohort', type: 'period' },
    { name: 'customers', type: 'count' },
    ...shown.map((c): ResultColumn => ({ name: c.name, type: reading.revenue ? 'number' : reading.counts ? 'count' : 'rate' })),
    { name: 'partial_offset', type: 'count' },
  ];
  const rows: Cell[][] = [];
  const marks: [number, number][] = [];
  let partial = false;
  const offsetColumn = groupNames.length + 2;
  const cell = (retained: number[], size: number, j: number): Cell => {
    if (reading.counts) return retained[j];
    if (reading.reference === 'previous' && j > 0) return retained[j - 1] > 0 ? retained[j] / retained[j - 1] : null;
    return size > 0 ? retained[j] / size : null;
  };
  const emit = (triangle: Triangle, prefix: string[]) => {
    for (const cohort of triangle.cohorts) {
      const size = triangle.sizes.get(cohort)!;
      const retained = triangle.retained.get(cohort)!;
      const reached = columnsReached(shown, triangle.begun.get(cohort)!, triangle.ended.get(cohort)!);
      const cells = shown.map((_, j) => (j < reached.shown ? cell(retained, size, j) : null));
      const partialColumn = reached.shown > reached.complete ? reached.shown - 1 : null;
      if (partialColumn !== null) {
        marks.push([rows.length, offsetColumn + partialColumn]);
        partial = true;
      }
      rows.push([...prefix, periods.label(cohort), size, ...cells, partialColumn]);
    }
  };
  for (const group of grouped.sorted()) emit(triangleOf(group.state as never), group.key.values);

  // The all row: over the cohorts whose column is complete, Σ retained / Σ sizes (or / Σ the cells before), or the mean of their shares.
  const all = shown.map((_, j): Cell => {
    const complete = overall.cohorts.filter((c) => j < columnsReached(shown, overall.begun.get(c)!, overall.ended.get(c)!).complete);
    if (complete.length === 0) return null;
    const retainedAt = (c: number, at: number) => overall.retained.get(c)![at];
    const base = (c: number) => (reading.reference === 'previous' && j > 0 ? retainedAt(c, j - 1) : overall.sizes.get(c)!);
    if (reading.counts) return complete.reduce((sum, c) => sum + retainedAt(c, j), 0);
    if (reading.mean === 'simple') {
      const shares = complete.filter((c) => base(c) > 0).map((c) => retainedAt(c, j) / base(c));
      return shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : null;
    }
    const [retained, bases] = complete.reduce(([r, b], c) => [r + retainedAt(c, j), b + base(c)], [0, 0]);
    return bases > 0 ? retained / bases : null;
  });
  let everyone = 0;
  for (const size of overall.sizes.values()) everyone += size;
  rows.push([...groupNames.map(() => 'all'), 'all', everyone, ...all, null]);
  return { columns: resultColumns, rows, marks, partial };
}

export function retentionTable(grouped: Grouped<EventInput, Activity>, plan: EventPlan, options: RetentionOptions): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const { counts, unbounded, revenue, cumulative } = options;
  const overall = grouped.overall();
  const overallSizes = overall.firstCounts();
  const cohortKeys = [...overallSizes.keys()];
  // The data ends at the last period with a start or a return event.
  const allKeys = periodRange(periods, [...overall.active.keys(), ...cohortKeys]);
  const lastKey = allKeys[allKeys.length - 1];
  if (options.list !== undefined) return cellList(overall, plan, periods, options.list, unbounded);
  const partialLast = lastKey !== undefined && span.isPartial(periods, lastKey);
  // Each state's triangle once: without --group-by the one group's state is the overall one, and its triangle a tenth of a GA4 export's end.
  const triangles = new Map<Activity, Triangle>();
  const triangleOf = (activity: Activity): Triangle => {
    let made = triangles.get(activity);
    if (made === undefined) {
      const sizes = activity === overall ? overallSizes : activity.firstCounts();
      made = revenue ? revenueTriangle(activity as RevenueActivity, sizes, lastKey, periods, cumulative, partialLast) : triangle(activity, sizes, lastKey, periods, unbounded, partialLast);
      triangles.set(activity, made);
    }
    return made;
  };
  const whole = triangleOf(overall);
  const width = Math.max(0, ...whole.cohorts.map((c) => whole.begun.get(c)!));
  const built = triangleTable(grouped, triangleOf as (state: never) => Triangle, whole, offsetColumns(width), periods, options.groupBy, { counts, revenue, reference: options.reference, mean: options.mean });
  const notes = partialLast ? [span.partialNote(periods, lastKey)] : [];
  return { table: { ...tableWords(options), columns: built.columns, rows: built.rows, overallRow: built.rows.length - 1, marks: built.marks, shade: !counts && !revenue }, notes };
}

/** The title and formula of the table. */
export function tableWords(options: RetentionOptions): { title: string; formula: string } {
  const { counts, unbounded, revenue, cumulative } = options;
  const offset = options.windows === '24h' ? `${options.period === 'day' ? '24-hour' : options.period === 'week' ? '7-day' : '30-day'} window k after the customer's start` : 'period c+k';
  const activeIn = unbounded ? `active in ${offset} or later` : `active in ${offset}${options.minOccurrences > 1 ? ` (from k = 1: with at least ${options.minOccurrences} return events)` : ''}`;
  const start = options.startEvents.length > 0 ? lower(options.startEvents).join(' or ') : 'event';
  const back = options.returnEvents.length > 0 ? lower(options.returnEvents).join(' or ') : 'any event';
  const revenueIn = cumulative ? 'in periods c to c+k' : 'in period c+k';
  const cohort = options.mode === 'recurring' ? `cohort = each period with a customer's ${start}` : `cohort = period of a customer's first ${start}`;
  const share = counts ? 'customers' : options.reference === 'previous' ? 'customers (from k = 1: / those of offset k−1)' : 'share';
  const allRow = counts ? 'Σ retained' : options.mean === 'simple' ? "the mean of the cohorts' shares" : options.reference === 'previous' ? 'Σ offset k / Σ offset k−1' : 'Σ retained / Σ cohort sizes';
  return {
    title: revenue ? `Revenue per cohort${cumulative ? ' (cumulative: the LTV curve)' : ''}` : `Cohort retention${options.mode === 'recurring' ? ' (recurring)' : ''}${unbounded ? ' (unbounded: on or after)' : ''}`,
    formula: revenue
      ? `${cohort}; offset_k = ${counts ? 'revenue' : 'revenue per customer'} of the cohort ${revenueIn} (${back}); ` +
        `the all row: ${counts ? 'Σ revenue' : 'Σ revenue / Σ cohort sizes'} over cohorts whose cell is complete`
      : `${cohort}; offset_k = ${share} of the cohort ${activeIn} (${back})${options.brackets ? '; a bracket of offsets counts a customer active in any of them' : ''}; ` +
        `the all row: ${allRow} over cohorts whose cell is complete`,
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
function revenueTriangle(activity: RevenueActivity, sizes: Map<number, number>, lastKey: number, periods: Periods, cumulative: boolean, partialLast: boolean): Triangle {
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
  return withReach({ cohorts, sizes, retained }, periods, lastKey, partialLast);
}

/** A calendar triangle's begun and ended offsets. */
function withReach(t: Pick<Triangle, 'cohorts' | 'sizes' | 'retained'>, periods: Periods, lastKey: number, partialLast: boolean): Triangle {
  const reach = t.cohorts.map((cohort) => [cohort, calendarReach(periods, cohort, lastKey, partialLast)] as const);
  return { ...t, begun: new Map(reach.map(([c, r]) => [c, r.begun])), ended: new Map(reach.map(([c, r]) => [c, r.ended])) };
}

/** The calendar triangle of an activity whose customers' first periods are counted in `sizes` (firstCounts). */
function triangle(activity: Activity, sizes: Map<number, number>, lastKey: number, periods: Periods, unbounded: boolean, partialLast: boolean): Triangle {
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
  } else countReturns(activity, periods, cohorts, retained);
  return withReach({ cohorts, sizes, retained }, periods, lastKey, partialLast);
}

/**
 * Adds each period's active customers to their cohort's cells. Cohorts are
 * looked up by ordinal in arrays, each customer's once, and the sets' words
 * walked here: a map lookup and two ordinals a member, through a callback,
 * were a tenth of a GA4 export's run (200,000 customers over 20 months).
 */
function countReturns(activity: Activity, periods: Periods, cohorts: readonly number[], retained: ReadonlyMap<number, number[]>): void {
  if (cohorts.length === 0) return;
  const base = periods.ordinal(cohorts[0]);
  const rows: number[][] = [];
  for (const cohort of cohorts) rows[periods.ordinal(cohort) - base] = retained.get(cohort)!;
  const { first } = activity;
  // Each customer's cohort as an ordinal from the first cohort's; −1 for one never first active.
  const cohortOf = new Int32Array(first.length);
  for (let c = 0; c < first.length; c++) cohortOf[c] = first[c] === NO_FIRST ? -1 : periods.ordinal(first[c]) - base;
  for (const [period, set] of activity.active) {
    const at = periods.ordinal(period) - base;
    const words = set.toWords();
    for (let w = 0; w < words.length; w++) {
      for (let word = words[w]; word !== 0; word &= word - 1) {
        const customer = 32 * w + 31 - Math.clz32(word & -word);
        const cohort = customer < cohortOf.length ? cohortOf[customer] : -1;
        // Not before the customer's cohort (an earlier period's activity is no return).
        if (cohort >= 0 && cohort <= at) rows[cohort][at - cohort]++;
      }
    }
  }
}
