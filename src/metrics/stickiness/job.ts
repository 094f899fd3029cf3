import { MS_PER_DAY } from '../../time/calendar.js';
import { Periods } from '../../time/periods.js';
import type { JobResult } from '../job.js';
import { snakeCase } from '../../schema/columns.js';
import type { Accumulator, Cell, ResultColumn } from '../types.js';
import { Bitset } from '../events/bitset.js';
import { EventJob, type EventInput } from '../events/event-job.js';
import type { StickinessOptions } from './spec.js';

// `engage stickiness` (METRICS.md "Stickiness"): for each calendar month,
// DAU/MAU = the mean over the month's days of distinct customers active that
// day / distinct customers active in the month; WAU/MAU likewise over the ISO
// weeks that lie wholly inside the month. State: one bitset of customers a day.

export class DailyActivity implements Accumulator<EventInput, DailyActivity> {
  readonly days = new Map<number, Bitset>();

  add(row: EventInput): void {
    let set = this.days.get(row.period);
    if (set === undefined) {
      set = new Bitset();
      this.days.set(row.period, set);
    }
    set.add(row.customer);
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

  result(): DailyActivity {
    return this;
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

export class StickinessJob extends EventJob<DailyActivity> {
  readonly title = 'Stickiness';
  private readonly months: Periods;
  private readonly distribution: boolean;

  constructor(options: StickinessOptions) {
    // Days are the periods read; months and weeks are built from them.
    super({ period: 'day', ...options }, undefined);
    this.months = new Periods('month', this.zone);
    this.distribution = options.distribution;
  }

  protected createState(): DailyActivity {
    return new DailyActivity();
  }

  finish(): JobResult {
    const groupNames = this.options.groupBy;
    const notes = this.commonNotes();
    const groupColumns = groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' }));
    const lastDay = this.lastDay();
    const perGroup = this.grouped.sorted().map((group) => ({ values: group.key.values, months: this.monthFigures(group.state, lastDay) }));
    const overall = this.monthFigures(this.grouped.overall(), lastDay);
    const partial = (month: number) => this.span.isPartial(this.months, month);
    for (const figures of overall) {
      if (partial(figures.month)) notes.push(`${this.span.partialNote(this.months, figures.month)}; its days up to the end of the data are averaged`);
    }
    if (this.distribution) {
      const columns: ResultColumn[] = [
        { name: 'month', type: 'period' },
        { name: 'partial', type: 'flag' },
        ...groupColumns,
        { name: 'active_days', type: 'count' },
        { name: 'customers', type: 'count' },
        { name: 'share', type: 'rate' },
      ];
      const rows: Cell[][] = [];
      for (const { values, months } of perGroup) {
        for (const m of months) {
          m.activeDays.forEach((customers, k) => {
            if (customers > 0) rows.push([this.months.label(m.month), partial(m.month), ...values, k + 1, customers, customers / m.mau]);
          });
        }
      }
      return {
        table: { title: 'Active days per customer', formula: 'share = customers active on that many days of the month / customers active in the month', columns, rows, partialColumn: 'partial' },
        notes,
      };
    }
    const columns: ResultColumn[] = [
      { name: 'month', type: 'period' },
      { name: 'partial', type: 'flag' },
      ...groupColumns,
      { name: 'mau', type: 'count' },
      { name: 'mean_dau', type: 'number' },
      { name: 'dau_mau', type: 'rate' },
      { name: 'mean_wau', type: 'number' },
      { name: 'wau_mau', type: 'rate' },
      { name: 'mean_active_days', type: 'number' },
    ];
    const rows: Cell[][] = [];
    const periodKeys: (number | null)[] = [];
    for (const { values, months } of perGroup) {
      for (const m of months) {
        rows.push([this.months.label(m.month), partial(m.month), ...values, ...cells(m)]);
        periodKeys.push(m.month);
      }
    }
    // The overall row: the mean of the complete months' ratios, each month weighing the same.
    const complete = overall.filter((m) => !partial(m.month) && m.mau > 0);
    const mean = (pick: (m: MonthFigures) => number | null) => {
      const values = complete.map(pick).filter((v): v is number => v !== null);
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    };
    rows.push(['all', false, ...groupNames.map(() => 'all'), null, null, mean((m) => m.meanDau / m.mau), null, mean((m) => (m.meanWau === null ? null : m.meanWau / m.mau)), null]);
    periodKeys.push(null);
    return {
      table: {
        title: this.title,
        formula:
          'dau_mau = mean over the month\'s days of customers active that day / customers active in the month; ' +
          'wau_mau = the same over the ISO weeks wholly inside the month; the all row: the mean over complete months',
        columns,
        rows,
        overallRow: rows.length - 1,
        partialColumn: 'partial',
        periodKeys,
      },
      notes,
      periods: this.months,
    };
  }

  private monthFigures(activity: DailyActivity, lastDay: number): MonthFigures[] {
    const days = [...activity.days.keys()].sort((a, b) => a - b);
    if (days.length === 0) return [];
    const figures: MonthFigures[] = [];
    // Active days per customer in the month being summed, cleared after each month (≤ 31 fits a byte).
    const daysOf = new Uint8Array(this.customers.size);
    const firstMonth = this.months.keyOfDay(days[0]);
    const lastMonth = this.months.keyOfDay(days[days.length - 1]);
    for (let month = firstMonth; month <= lastMonth; month = this.months.next(month)) {
      const start = this.months.firstDay(month);
      const end = Math.min(this.months.firstDay(this.months.next(month)), lastDay + 1);
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
  private lastDay(): number {
    const end = this.span.end() - 1;
    return Math.floor((end + this.zone.offsetAt(end)) / MS_PER_DAY);
  }
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
