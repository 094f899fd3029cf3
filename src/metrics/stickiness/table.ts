import { Bitset } from '../../kernels/bitset.js';
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
  readonly days = new Map<number, Bitset>();

  add(row: EventInput): void {
    let set = this.days.get(row.period);
    if (set === undefined) {
      set = new Bitset();
      this.days.set(row.period, set);
    }
    set.add(row.customer);
  }

  remapCustomers(mapping: Int32Array): void {
    for (const [day, set] of this.days) this.days.set(day, set.remapped(mapping));
  }

  merge(other: DailyActivity): void {
    for (const [day, theirs] of other.days) {
      let mine = this.days.get(day);
      if (mine === undefined) {
        mine = new Bitset();
        this.days.set(day, mine);
      }
      mine.or(theirs);
    }
  }
}

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

export function stickinessTable(grouped: Grouped<EventInput, DailyActivity>, plan: EventPlan, options: StickinessOptions): JobResult {
  const { zone, span } = plan.time;
  const months = new Periods('month', zone);
  const groupNames = options.groupBy;
  const lastDay = lastDayOf(span, zone.offsetAt.bind(zone));
  const perGroup = grouped.sorted().map((group) => ({ values: group.key.values, months: monthFigures(group.state, lastDay, months) }));
  const overall = monthFigures(grouped.overall(), lastDay, months);
  const partial = (month: number) => span.isPartial(months, month);
  const partialNote = (month: number) => `${span.partialNote(months, month)}; its days up to the end of the data are averaged`;
  if (options.distribution) {
    const notes = overall.filter((m) => partial(m.month)).map((m) => partialNote(m.month));
    const columns: ResultColumn[] = [
      { name: 'month', type: 'period' },
      { name: 'partial', type: 'flag' },
      ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
      { name: 'active_days', type: 'count' },
      { name: 'customers', type: 'count' },
      { name: 'share', type: 'rate' },
    ];
    const rows: Cell[][] = [];
    for (const { values, months: figures } of perGroup) {
      for (const m of figures) {
        m.activeDays.forEach((count, k) => {
          if (count > 0) rows.push([months.label(m.month), partial(m.month), ...values, k + 1, count, count / m.mau]);
        });
      }
    }
    return {
      table: { title: 'Active days per customer', formula: 'share = customers active on that many days of the month / customers active in the month', columns, rows, partialColumn: 'partial' },
      notes,
    };
  }
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

/** The last day with data (or before --until), as a day number in --tz. */
function lastDayOf(span: DataSpan, offsetAt: (time: number) => number): number {
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
