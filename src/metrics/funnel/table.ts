import { eventsByCustomer } from '../../kernels/by-customer.js';
import { FloatList } from '../../kernels/float-list.js';
import { Float64List, Int32List, remapIndexes } from '../../kernels/growable.js';
import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import type { Grouped } from '../grouped.js';
import { customerList, noSuchCell } from '../customer-list.js';
import type { JobResult } from '../job.js';
import type { Accumulator, Cell, ResultColumn } from '../types.js';

// `engage funnel --steps a,b,c --window 7d` (METRICS.md "Funnel"): a
// customer's funnel starts at their first `a`; step k counts when it happens
// at or after step k−1 and within the window from the start. State: the step
// events only (customer, time, step).

const MS_PER_HOUR = 3_600_000;
const UNITS: Record<string, number> = { m: 60_000, h: MS_PER_HOUR, d: 24 * MS_PER_HOUR, w: 7 * 24 * MS_PER_HOUR };

export class FunnelLog implements Accumulator<EventInput> {
  readonly customers = new Int32List();
  readonly times = new Float64List();
  readonly steps = new Int32List();

  constructor(private readonly stepOf: Map<string, number>) {}

  add(row: EventInput): void {
    const step = this.stepOf.get(row.event);
    if (step === undefined) return;
    this.customers.push(row.customer);
    this.times.push(row.time);
    this.steps.push(step);
  }

  remapCustomers(mapping: Int32Array): void {
    remapIndexes(this.customers, mapping);
  }

  merge(other: FunnelLog): void {
    this.customers.append(other.customers);
    this.times.append(other.times);
    this.steps.append(other.steps);
  }

  /** For each step: customers who reached it, and the times from the step before; and how many steps each customer reached. */
  walk(stepCount: number, window: number): { reached: number[]; durations: FloatList[]; depths: Int32Array } {
    const reached = new Array<number>(stepCount).fill(0);
    const durations = Array.from({ length: stepCount }, () => new FloatList());
    const times = this.times.view();
    const steps = this.steps.view();
    // Events are sorted by customer index: the c-th run is customer c's.
    const { order, start } = eventsByCustomer(this.customers.view(), times);
    const depths = new Int32Array(Math.max(0, start.length - 1));
    for (let c = 0; c + 1 < start.length; c++) {
      if (start[c] < start[c + 1]) depths[c] = walkCustomer(order.subarray(start[c], start[c + 1]), times, steps, stepCount, window, reached, durations);
    }
    return { reached, durations, depths };
  }
}

function walkCustomer(
  events: Int32Array, times: Float64Array, steps: Int32Array, stepCount: number, window: number,
  reached: number[], durations: FloatList[],
): number {
  // Among events at one instant, the earlier step first: a step at the same time as the step
  // before it counts, whatever the order of the file's lines (a table has none).
  if (hasTies(events, times)) events.sort((a, b) => times[a] - times[b] || steps[a] - steps[b]);
  const startAt = events.findIndex((e) => steps[e] === 0);
  if (startAt === -1) return 0;
  const start = times[events[startAt]];
  reached[0]++;
  let previous = start;
  let next = 1;
  // Events are in time order: each later step is the first of its kind at or after the one before.
  for (let i = startAt + 1; i < events.length && next < stepCount; i++) {
    const e = events[i];
    if (times[e] - start > window) break;
    if (steps[e] !== next) continue;
    reached[next]++;
    durations[next].push(times[e] - previous);
    previous = times[e];
    next++;
  }
  return next;
}

function hasTies(events: Int32Array, times: Float64Array): boolean {
  for (let i = 1; i < events.length; i++) if (times[events[i]] === times[events[i - 1]]) return true;
  return false;
}

/** The window in milliseconds: "7d", "24h", "30m", "2w". */
export function windowMs(window: string): number {
  const [, amount, unit] = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(window)!;
  return Number(amount) * UNITS[unit];
}

/** --list STEP or STEP:dropped: the customers who reached a step (by name or number), or reached it and not the next. */
export function funnelList(log: FunnelLog, plan: EventPlan, steps: readonly string[], windowText: string, cell: string): JobResult {
  const dropped = /:dropped$/i.test(cell);
  const name = cell.replace(/:dropped$/i, '').trim().toLowerCase();
  const k = /^\d+$/.test(name) ? Number(name) - 1 : steps.indexOf(name);
  if (k < 0 || k >= steps.length) throw noSuchCell(cell, 'step', [...steps, ...steps.map((step) => `${step}:dropped`)]);
  const { depths } = log.walk(steps.length, windowMs(windowText));
  const members: number[] = [];
  depths.forEach((depth, customer) => {
    if (dropped ? depth === k + 1 : depth >= k + 1) members.push(customer);
  });
  return customerList({
    title: dropped ? `Customers who reached step ${k + 1} (${steps[k]}) and went no further` : `Customers who reached step ${k + 1} (${steps[k]})`,
    cell: [
      { name: 'step', value: String(k + 1) },
      { name: 'event', value: steps[k] },
      ...(dropped ? [{ name: 'dropped', value: 'true' }] : []),
    ],
    customers: members,
    ids: plan.customers,
  });
}

export function funnelTable(grouped: Grouped<EventInput, FunnelLog>, steps: readonly string[], windowText: string, groupNames: readonly string[]): JobResult {
  const window = windowMs(windowText);
  const columns: ResultColumn[] = [
    ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: 'step', type: 'count' },
    { name: 'event', type: 'text' },
    { name: 'customers', type: 'count' },
    { name: 'conversion_from_previous', type: 'rate' },
    { name: 'conversion_from_first', type: 'rate' },
    { name: 'median_hours_from_previous', type: 'number' },
  ];
  const rows: Cell[][] = [];
  const emit = (log: FunnelLog, prefix: string[]) => {
    const { reached, durations } = log.walk(steps.length, window);
    steps.forEach((step, k) => {
      const median = durations[k].median();
      rows.push([
        ...prefix, k + 1, step, reached[k],
        k === 0 ? null : reached[k - 1] > 0 ? reached[k] / reached[k - 1] : null,
        reached[0] > 0 ? reached[k] / reached[0] : null,
        median === null ? null : median / MS_PER_HOUR,
      ]);
    });
  };
  if (groupNames.length > 0) for (const group of grouped.sorted()) emit(group.state, group.key.values);
  emit(grouped.overall(), groupNames.map(() => 'all'));
  return {
    table: {
      title: `Funnel (window ${windowText})`,
      formula:
        `a funnel starts at a customer's first ${steps[0]}; each later step counts at or after the one before and within ${windowText} of the start; ` +
        'conversion_from_previous = customers at the step / customers at the step before',
      columns,
      rows,
    },
    notes: [],
  };
}
