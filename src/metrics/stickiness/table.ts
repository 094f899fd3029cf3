import { Bitset, bitsetAt, remapEach, unionByKey } from '../../kernels/bitset.js';
import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { MS_PER_DAY } from '../../time/calendar.js';
import { Periods } from '../../time/periods.js';
import type { DataSpan } from '../../schema/window.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import { keyedTable } from '../keyed-table.js';
import type { Accumulator, Cell, ResultColumn } from '../types.js';
import type { StickinessOptions } from './options.js';

// `engage stickiness` (METRICS.md "Stickiness"): for each calendar month,
// DAU/MAU = the mean over the month's days of distinct customers active that
// day / distinct customers active in the month; WAU/MAU likewise over the ISO
// weeks that lie wholly inside the month. State: one bitset of customers a day.

export class DailyActivity implements Accumulator<EventInput> {
  /** Each day's set; read through `days`, which puts the held events in first. A field, so that it crosses threads (state-transfer.ts). */
  private readonly sets = new Map<number, Bitset>();
  /**
   * The same sets by day − #firstDay, for add: events come in no order of
   * day, and the map's lookup was a fifth of a thread's time on a rolling
   * run. Private, so it neither crosses threads nor outlives the sets it
   * points to (see remapCustomers).
   */
  #byDay: (Bitset | undefined)[] = [];
  #firstDay = 0;
  /**
   * Events whose day's set is in #byDay, not in it yet: its slot and the
   * customer, side by side. A set's word is a cache miss an event (a set a
   * day of half a million customers, two years of days), and with a row's
   * reading between two of them the core waited on each alone; put in place
   * a few thousand at a time, in a loop of nothing else, the misses overlap.
   */
  #held = new Int32Array(2 * HELD_EVENTS);
  #heldCount = 0;

  add(row: EventInput): void {
    this.see(row.period, row.customer);
  }

  /** The customer was active on the day. */
  see(day: number, customer: number): void {
    const slot = day - this.#firstDay;
    if (slot >= 0 && slot < this.#byDay.length && this.#byDay[slot] !== undefined) {
      const at = this.#heldCount;
      this.#held[at] = slot;
      this.#held[at + 1] = customer;
      this.#heldCount = at + 2;
      if (at + 2 === this.#held.length) this.flushHeld();
      return;
    }
    this.dayAdded(day).add(customer);
  }

  /** The held events put in their days' sets: before the sets are read, moved, merged or renumbered. */
  flushHeld(): void {
    const [held, count, byDay] = [this.#held, this.#heldCount, this.#byDay];
    for (let i = 0; i < count; i += 2) byDay[held[i]]!.add(held[i + 1]);
    this.#heldCount = 0;
  }

  /** Each day's set of customers, every event in them (see #held). */
  get days(): ReadonlyMap<number, Bitset> {
    this.flushHeld();
    return this.sets;
  }

  /** The set of a day add has not met yet (or not since the sets were renumbered). */
  private dayAdded(day: number): Bitset {
    // The held events' slots are of the days as they are now.
    this.flushHeld();
    const set = bitsetAt(this.sets, day);
    const byDay = this.#byDay;
    if (byDay.length === 0) this.#firstDay = day;
    const first = Math.min(this.#firstDay, day);
    const end = Math.max(this.#firstDay + byDay.length, day + 1);
    // Days far apart (a stray date a century off) keep to the map alone.
    if (end - first > MAX_DENSE_DAYS) return set;
    if (first < this.#firstDay) {
      this.#byDay = [...new Array<undefined>(this.#firstDay - first).fill(undefined), ...byDay];
      this.#firstDay = first;
    }
    while (this.#byDay.length < end - this.#firstDay) this.#byDay.push(undefined);
    this.#byDay[day - this.#firstDay] = set;
    return set;
  }

  remapCustomers(mapping: Int32Array): void {
    this.flushHeld();
    remapEach(this.sets, mapping);
    this.#byDay = [];
  }

  merge(other: DailyActivity): void {
    this.flushHeld();
    unionByKey(this.sets, other.days);
  }
}

/** --criteria: each customer's events a day, made into active days once the criterion is applied. */
export class DailyCounts implements Accumulator<EventInput> {
  /** Events by day and customer, keyed day × 2³² + customer: one flat map crosses from a part's thread as it is. */
  readonly counts = new Map<number, number>();

  add(row: EventInput): void {
    const key = row.period * CUSTOMERS + row.customer;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remapCustomers(mapping: Int32Array): void {
    const counts = [...this.counts];
    this.counts.clear();
    for (const [key, n] of counts) this.counts.set(Math.floor(key / CUSTOMERS) * CUSTOMERS + mapping[key % CUSTOMERS], n);
  }

  merge(other: DailyCounts): void {
    for (const [key, n] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** The days with events (active or not). */
  get days(): Map<number, unknown> {
    return new Map([...this.counts.keys()].map((key) => [Math.floor(key / CUSTOMERS), true]));
  }

  /** The days each customer was active on: those whose count meets the criterion. */
  active(meets: (count: number) => boolean): DailyActivity {
    const activity = new DailyActivity();
    for (const [key, n] of this.counts) {
      if (meets(n)) activity.see(Math.floor(key / CUSTOMERS), key % CUSTOMERS);
    }
    return activity;
  }
}

/** Events DailyActivity holds before it puts them in their sets (32 KB: they stay in the core's cache). */
const HELD_EVENTS = 4096;

/** The widest range of days DailyActivity.add finds by index: about 270 years. */
const MAX_DENSE_DAYS = 100_000;

/** Room for customers in a DailyCounts key. */
const CUSTOMERS = 2 ** 32;

interface MonthFigures {
  month: number;
  mau: number;
  days: number;
  meanDau: number;
  weeks: number;
  meanWau: number | null;
  /** activeDays[k] = customers active on k + 1 days of the month. */
  activeDays: number[];
}

/** The active days of a group's state: its own, or, with --criteria, the days whose counts meet it. */
export type ActivityOf = (state: DailyActivity | DailyCounts) => DailyActivity;

export function stickinessTable(grouped: Grouped<EventInput, DailyActivity | DailyCounts>, plan: EventPlan, options: StickinessOptions, activityOf: ActivityOf): JobResult {
  const { zone, span } = plan.time;
  const months = new Periods('month', zone);
  const groupNames = options.groupBy;
  const lastDay = lastDayOf(span, zone.offsetAt.bind(zone));
  if (options.distribution) return distributionTable(grouped, plan, options, activityOf);
  const perGroup = grouped.sorted().map((group) => ({ values: group.key.values, months: monthFigures(activityOf(group.state), lastDay, months) }));
  const overall = monthFigures(activityOf(grouped.overall()), lastDay, months);
  const partial = (month: number) => span.isPartial(months, month);
  const partialNote = (month: number) => `${span.partialNote(months, month)}; its days up to the end of the data are averaged`;
  // The overall row: the mean of the complete months' ratios, each month weighing the same.
  const complete = overall.filter((m) => !partial(m.month) && m.mau > 0);
  const mean = (pick: (m: MonthFigures) => number | null) => {
    const values = complete.map(pick).filter((v): v is number => v !== null);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  return keyedTable({
    title: 'Stickiness',
    formula:
      "dau_mau = mean over the month's days of customers active that day / customers active in the month; " +
      'wau_mau = the same over the ISO weeks wholly inside the month; the all row: the mean over complete months',
    periods: months,
    periodColumn: 'month',
    partialNote,
    span,
    groupNames,
    figures: [
      { name: 'mau', type: 'count' },
      { name: 'mean_dau', type: 'number' },
      { name: 'dau_mau', type: 'rate' },
      { name: 'mean_wau', type: 'number' },
      { name: 'wau_mau', type: 'rate' },
      { name: 'mean_active_days', type: 'number' },
    ],
    rows: perGroup.flatMap(({ values, months: figures }) => figures.map((m) => ({ period: m.month, values, cells: cells(m) }))),
    overall: [null, null, mean((m) => m.meanDau / m.mau), null, mean((m) => (m.meanWau === null ? null : m.meanWau / m.mau)), null],
    notes: [],
  });
}

function monthFigures(activity: DailyActivity, lastDay: number, months: Periods): MonthFigures[] {
  const days = [...activity.days.keys()].sort((a, b) => a - b);
  if (days.length === 0) return [];
  const figures: MonthFigures[] = [];
  // Active days per customer in the month being summed, cleared after each month (≤ 31 fits a byte).
  let customers = 0;
  for (const set of activity.days.values()) customers = Math.max(customers, set.capacity);
  const daysOf = new Uint8Array(customers);
  const firstMonth = months.keyOfDay(days[0]);
  const lastMonth = months.keyOfDay(days[days.length - 1]);
  for (let month = firstMonth; month <= lastMonth; month = months.next(month)) {
    const start = months.firstDay(month);
    const end = Math.min(months.firstDay(months.next(month)), lastDay + 1);
    const everyone = new Bitset();
    const activeDays = new Int32Array(32);
    let dauSum = 0;
    for (let day = start; day < end; day++) {
      const set = activity.days.get(day);
      if (!set) continue;
      dauSum += set.count();
      everyone.or(set);
      set.forEach((customer) => daysOf[customer]++);
    }
    everyone.forEach((customer) => {
      activeDays[daysOf[customer] - 1]++;
      daysOf[customer] = 0;
    });
    // ISO weeks wholly inside the month (and inside the data).
    let wauSum = 0;
    let weeks = 0;
    for (let monday = start + ((7 - ((start + 3) % 7)) % 7); monday + 7 <= end; monday += 7) {
      const week = new Bitset();
      for (let day = monday; day < monday + 7; day++) {
        const set = activity.days.get(day);
        if (set) week.or(set);
      }
      wauSum += week.count();
      weeks++;
    }
    const mau = everyone.count();
    const dayCount = end - start;
    figures.push({ month, mau, days: dayCount, meanDau: dayCount > 0 ? dauSum / dayCount : 0, weeks, meanWau: weeks > 0 ? wauSum / weeks : null, activeDays: [...activeDays.subarray(0, 31)] });
  }
  return figures;
}

/**
 * --distribution: for each week, month or the whole range, the customers active in it by their
 * number of active days (--cumulative: that many or more), with their share of the period's actives.
 */
function distributionTable(grouped: Grouped<EventInput, DailyActivity | DailyCounts>, plan: EventPlan, options: StickinessOptions, activityOf: ActivityOf): JobResult {
  const { zone, span } = plan.time;
  const unit = options.period ?? 'month';
  const periods = unit === 'range' ? undefined : new Periods(unit, zone, options.weekStart);
  const lastDay = lastDayOf(span, zone.offsetAt.bind(zone));
  const rangeStart = firstDayRead(grouped.overall(), span, zone.offsetAt.bind(zone));
  const partial = (key: number) => (periods ? span.isPartial(periods, key) : false);
  const label = (key: number) => (periods ? periods.label(key) : `${formatDay(rangeStart)}..${formatDay(lastDay)}`);
  const rows: Cell[][] = [];
  const partials = new Set<number>();
  for (const group of grouped.sorted()) {
    const activity = activityOf(group.state);
    if (activity.days.size === 0) continue;
    const days = [...activity.days.keys()];
    const keys = periods ? [...new Set(days.map((day) => periods.keyOfDay(day)))].sort((a, b) => a - b) : [rangeStart];
    for (const key of keys) {
      const from = periods ? periods.firstDay(key) : rangeStart;
      const to = periods ? Math.min(periods.firstDay(periods.next(key)), lastDay + 1) : lastDay + 1;
      const counts = activeDayCounts(activity, from, to);
      const actives = counts.reduce((a, b) => a + b, 0);
      if (actives === 0) continue;
      if (partial(key)) partials.add(key);
      counts.forEach((count, k) => {
        const customers = options.cumulative ? counts.slice(k).reduce((a, b) => a + b, 0) : count;
        if (customers > 0 && (options.cumulative || count > 0)) rows.push([label(key), partial(key), ...group.key.values, k + 1, customers, customers / actives]);
      });
    }
  }
  const columns: ResultColumn[] = [
    { name: unit, type: 'period' },
    { name: 'partial', type: 'flag' },
    ...options.groupBy.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: options.cumulative ? 'active_days_at_least' : 'active_days', type: 'count' },
    { name: 'customers', type: 'count' },
    { name: 'share', type: 'rate' },
  ];
  const what = unit === 'range' ? 'the range read' : `the ${unit}`;
  return {
    table: {
      title: 'Active days per customer',
      formula: `share = customers active on ${options.cumulative ? 'at least that many' : 'that many'} days of ${what} / customers active in ${what}`,
      columns,
      rows,
      partialColumn: 'partial',
    },
    notes: periods ? [...partials].sort((a, b) => a - b).map((key) => `${span.partialNote(periods, key)}; its days up to the end of the data are counted`) : [],
  };
}

/** Customers by their number of active days in [from, to): counts[k] = customers active on k + 1 days. */
function activeDayCounts(activity: DailyActivity, from: number, to: number): number[] {
  const daysOf = new Map<number, number>();
  for (let day = from; day < to; day++) activity.days.get(day)?.forEach((customer) => daysOf.set(customer, (daysOf.get(customer) ?? 0) + 1));
  const counts = new Array<number>(Math.max(0, to - from)).fill(0);
  for (const n of daysOf.values()) counts[n - 1]++;
  let last = counts.length;
  while (last > 0 && counts[last - 1] === 0) last--;
  return counts.slice(0, last);
}

/** The first day of the range read: --since, else the first day with a counted event (active by --criteria or not). */
export function firstDayRead(state: DailyActivity | DailyCounts, span: DataSpan, offsetAt: (time: number) => number): number {
  return Number.isFinite(span.since) ? dayOf(span.since, offsetAt) : Math.min(...state.days.keys());
}

/** The day number in --tz of an instant. */
export function dayOf(time: number, offsetAt: (time: number) => number): number {
  return Math.floor((time + offsetAt(time)) / MS_PER_DAY);
}

/** A day number as YYYY-MM-DD. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The last day with data (or before --until), as a day number in --tz. */
export function lastDayOf(span: DataSpan, offsetAt: (time: number) => number): number {
  const end = span.end() - 1;
  // No data and no --until: no last day (a zone's offset has no meaning at an infinite time).
  if (!Number.isFinite(end)) return Number.NEGATIVE_INFINITY;
  return Math.floor((end + offsetAt(end)) / MS_PER_DAY);
}

function cells(m: MonthFigures): Cell[] {
  let activeDayTotal = 0;
  m.activeDays.forEach((customers, k) => (activeDayTotal += customers * (k + 1)));
  return [
    m.mau,
    m.meanDau,
    m.mau > 0 ? m.meanDau / m.mau : null,
    m.meanWau,
    m.mau > 0 && m.meanWau !== null ? m.meanWau / m.mau : null,
    m.mau > 0 ? activeDayTotal / m.mau : null,
  ];
}
