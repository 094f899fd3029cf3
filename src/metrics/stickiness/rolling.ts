import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { StickinessOptions } from './options.js';
import { firstDayRead, formatDay, lastDayOf, type ActivityOf, type DailyActivity, type DailyCounts } from './table.js';

// --rolling 7,28 (product-analytics.md "Stickiness"): for each day of the
// range, A_n = customers active on at least one of the trailing n days (the
// day included), for n = 1 and each window, and every ratio of a shorter to a
// longer window (DAU/WAU, DAU/MAU, WAU/MAU). Each customer's last active day
// is kept as the days go by, so a day costs its own actives plus the windows.

/** The windows in days, 1 first, each once. */
export function rollingWindows(options: StickinessOptions): number[] {
  return [...new Set([1, ...(options.rolling ?? [])])].sort((a, b) => a - b);
}

export function rollingTable(grouped: Grouped<EventInput, DailyActivity | DailyCounts>, plan: EventPlan, options: StickinessOptions, activityOf: ActivityOf): JobResult {
  const { zone, span } = plan.time;
  const offsetAt = zone.offsetAt.bind(zone);
  const windows = rollingWindows(options);
  const longest = windows[windows.length - 1];
  const overall = activityOf(grouped.overall());
  // The range: --since (else the first active day) to --until (else the last day of the data).
  const first = firstDayRead(grouped.overall(), span, offsetAt);
  const last = lastDayOf(span, offsetAt);
  const pairs = windows.flatMap((short, i) => windows.slice(i + 1).map((long) => [short, long] as const));
  const rows: Cell[][] = [];
  const emit = (activity: DailyActivity, values: readonly string[]) => {
    for (const [day, actives] of series(activity, first, last, windows)) {
      const ratios = pairs.map(([short, long]) => (actives[windows.indexOf(long)] > 0 ? actives[windows.indexOf(short)] / actives[windows.indexOf(long)] : null));
      rows.push([formatDay(day), day - longest + 1 < first, ...values, ...actives, ...ratios]);
    }
  };
  if (options.groupBy.length > 0) for (const group of grouped.sorted()) emit(activityOf(group.state), group.key.values);
  if (Number.isFinite(first)) emit(overall, options.groupBy.map(() => 'all'));
  const columns: ResultColumn[] = [
    { name: 'day', type: 'period' },
    { name: 'incomplete', type: 'flag' },
    ...options.groupBy.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    ...windows.map((n): ResultColumn => ({ name: `active_${n}d`, type: 'count' })),
    ...pairs.map(([short, long]): ResultColumn => ({ name: `ratio_${short}d_${long}d`, type: 'rate' })),
  ];
  return {
    table: {
      title: `Rolling stickiness (${windows.map((n) => `${n}d`).join(', ')})`,
      formula: `active_nd = customers active on at least one of the n days up to the day; ratio_md_nd = active_md / active_nd; a day whose ${longest}-day window starts before the range is incomplete`,
      columns,
      rows,
    },
    notes: [],
  };
}

/** Each day of [first, last] with the customers active in each trailing window. */
function* series(activity: DailyActivity, first: number, last: number, windows: number[]): Generator<[number, number[]]> {
  // latest[c]: the customer's latest active day so far, as days after `first` (−1: none yet);
  // byDay[d]: how many customers have day first + d as their latest. Customers are dense
  // indices and days a range, so both are arrays: the maps they were cost most of a run.
  let customers = 0;
  for (let day = first; day <= last; day++) customers = Math.max(customers, activity.days.get(day)?.capacity ?? 0);
  const latest = new Int32Array(customers).fill(-1);
  const byDay = new Int32Array(Math.max(0, last - first + 1));
  for (let day = first; day <= last; day++) {
    const d = day - first;
    activity.days.get(day)?.forEach((customer) => {
      const before = latest[customer];
      if (before >= 0) byDay[before]--;
      latest[customer] = d;
      byDay[d]++;
    });
    const actives = windows.map((n) => {
      let sum = 0;
      for (let k = Math.max(0, d - n + 1); k <= d; k++) sum += byDay[k];
      return sum;
    });
    yield [day, actives];
  }
}
