import type { JobResult } from '../job.js';
import { snakeCase } from '../../schema/columns.js';
import type { Cell, ResultColumn } from '../types.js';
import { Activity } from '../events/activity.js';
import { EventJob } from '../events/event-job.js';
import type { RetentionOptions } from './spec.js';

// `engage retention` (METRICS.md "Cohort retention"): a customer's cohort is
// the period of their first start event; cell (c, k) is the share of cohort c
// active (a return event) in period c+k, or with --unbounded in c+k or later.

interface Triangle {
  cohorts: number[];
  sizes: Map<number, number>;
  /** retained.get(cohort)[k] */
  retained: Map<number, number[]>;
}

export class RetentionJob extends EventJob<Activity> {
  readonly title = 'Cohort retention';
  private readonly unbounded: boolean;
  private readonly counts: boolean;
  private readonly startEvents: Set<string> | undefined;
  private readonly returnEvents: Set<string> | undefined;

  constructor(options: RetentionOptions) {
    super(options, undefined);
    this.unbounded = options.unbounded;
    this.counts = options.counts;
    const lower = (names: string[]) => (names.length > 0 ? new Set(names.map((n) => n.trim().toLowerCase())) : undefined);
    this.startEvents = lower(options.startEvents);
    this.returnEvents = lower(options.returnEvents);
  }

  protected override selectedEventNames(): readonly string[] | undefined {
    const options = this.options as RetentionOptions;
    const roles = [...(options.startEvents ?? []), ...(options.returnEvents ?? [])];
    if (roles.length === 0) return super.selectedEventNames();
    // Without --start-event every selected event starts a cohort; likewise for --return-event.
    if (!options.startEvents?.length || !options.returnEvents?.length) {
      if (this.options.events.length === 0) return undefined;
      return [...roles, ...this.options.events];
    }
    return roles;
  }

  protected createState(): Activity {
    const starts = this.startEvents;
    const returns = this.returnEvents;
    return new Activity(starts ? (event) => starts.has(event) : undefined, returns ? (event) => returns.has(event) : undefined);
  }

  finish(): JobResult {
    const periods = this.periods!;
    const groupNames = this.options.groupBy;
    const notes = this.commonNotes();
    const overall = this.grouped.overall();
    const allKeys = this.periodRange(overall.active.keys());
    const lastKey = allKeys[allKeys.length - 1];
    const firstCohort = Math.min(...[...overall.firstCounts().keys()]);
    const width = Number.isFinite(firstCohort) && lastKey !== undefined ? periods.ordinal(lastKey) - periods.ordinal(firstCohort) + 1 : 0;
    const partialLast = lastKey !== undefined && this.isPartial(lastKey);
    if (partialLast) notes.push(this.partialNote(lastKey));

    const columns: ResultColumn[] = [
      ...groupNames.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
      { name: 'cohort', type: 'period' },
      { name: 'customers', type: 'count' },
      ...Array.from({ length: width }, (_, k): ResultColumn => ({ name: `offset_${k}`, type: this.counts ? 'count' : 'rate' })),
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
          return this.counts ? retained[k] : size > 0 ? retained[k] / size : null;
        });
        const partialOffset = partialLast && available > 0 ? available - 1 : null;
        if (partialOffset !== null) marks.push([rows.length, offsetColumn + partialOffset]);
        rows.push([...prefix, periods.label(cohort), size, ...cells, partialOffset]);
      }
    };
    for (const group of this.grouped.sorted()) emitTriangle(this.triangle(group.state, lastKey), group.key.values);

    // The bottom row: Σ retained / Σ sizes over cohorts whose cell at that offset is complete.
    const whole = this.triangle(overall, lastKey);
    const mean: Cell[] = Array.from({ length: width }, (_, k) => {
      let retained = 0;
      let size = 0;
      for (const cohort of whole.cohorts) {
        const available = periods.ordinal(lastKey) - periods.ordinal(cohort) + 1 - (partialLast ? 1 : 0);
        if (k >= available) continue;
        retained += whole.retained.get(cohort)![k];
        size += whole.sizes.get(cohort)!;
      }
      if (this.counts) return size > 0 ? retained : null;
      return size > 0 ? retained / size : null;
    });
    let everyone = 0;
    for (const size of whole.sizes.values()) everyone += size;
    rows.push([...groupNames.map(() => 'all'), 'all', everyone, ...mean, null]);

    const activeIn = this.unbounded ? 'active in period c+k or later' : 'active in period c+k';
    const start = this.startEvents ? [...this.startEvents].join(' or ') : 'event';
    const back = this.returnEvents ? [...this.returnEvents].join(' or ') : 'any event';
    return {
      table: {
        title: this.unbounded ? 'Cohort retention (unbounded: on or after)' : this.title,
        formula:
          `cohort = period of a customer's first ${start}; offset_k = ${this.counts ? 'customers' : 'share'} of the cohort ${activeIn} (${back}); ` +
          `the all row: ${this.counts ? 'Σ retained' : 'Σ retained / Σ cohort sizes'} over cohorts whose cell is complete`,
        columns,
        rows,
        overallRow: rows.length - 1,
        marks,
        shade: !this.counts,
      },
      notes,
    };
  }

  private triangle(activity: Activity, lastKey: number): Triangle {
    const periods = this.periods!;
    const sizes = activity.firstCounts();
    const cohorts = [...sizes.keys()].sort((a, b) => a - b);
    const retained = new Map<number, number[]>();
    for (const cohort of cohorts) retained.set(cohort, new Array(Math.max(0, periods.ordinal(lastKey) - periods.ordinal(cohort) + 1)).fill(0));
    const { first, last } = activity;
    if (this.unbounded) {
      for (let customer = 0; customer < first.length; customer++) {
        const cohort = first[customer];
        if (cohort === Number.POSITIVE_INFINITY || last[customer] < cohort) continue;
        const cells = retained.get(cohort)!;
        const through = periods.ordinal(last[customer]) - periods.ordinal(cohort);
        for (let k = 0; k <= through; k++) cells[k]++;
      }
    } else {
      for (const [period, set] of activity.active) {
        set.forEach((customer) => {
          const cohort = first[customer];
          if (cohort === Number.POSITIVE_INFINITY || period < cohort) return;
          retained.get(cohort)![periods.ordinal(period) - periods.ordinal(cohort)]++;
        });
      }
    }
    return { cohorts, sizes, retained };
  }
}
