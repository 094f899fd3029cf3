import { eventsByCustomer } from '../../kernels/by-customer.js';
import { Float64List, Int32List } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { ArmInput } from '../../schema/plans/users.js';
import { BLANK_LABEL } from '../../schema/values.js';
import { EventColumns, intern, reinterned } from '../events/event-columns.js';
import { Grouped } from '../grouped.js';
import type { Accumulator } from '../types.js';
import { Arms } from './arms.js';

// An experiment read from an event log (experiments.md "Exposure rules"):
// the exposure rows with the variant (and --group-by values) they carry,
// and the metric's event rows with their value. At the end each user's
// first exposure gives their variant and t₀; their metric counts the events
// at or after t₀ (and within --window); a user exposed to two variants is
// left out. The users then become the per-user rows of the statistics.

/** What the metric counts per exposed user. */
export interface ExposureMetric {
  kind: 'conversion' | 'count' | 'sum';
  event: string;
  column?: string;
}

export class ExposureLog extends EventColumns implements Accumulator<EventInput> {
  /** 1 for an exposure row, 0 for a metric row (a row that is both is kept twice). */
  readonly exposure = new Int32List();
  /** An exposure's variant and group values, interned; -1 for a metric row or a blank variant. */
  readonly labels = new Int32List();
  readonly values = new Float64List();
  readonly ids = new Map<string, number>();
  blankVariants = 0;

  constructor(readonly exposureEvent: string, readonly metricEvent: string) {
    super();
  }

  protected columns(): Int32List[] {
    return [this.exposure, this.labels];
  }

  add(row: EventInput): void {
    if (row.event === this.exposureEvent) {
      // The variant is the first group value; a blank one is no exposure.
      const blank = row.groups[0] === BLANK_LABEL;
      if (blank) this.blankVariants++;
      this.push(row.customer, row.time, 1, blank ? -1 : intern(this.ids, row.groups.join('\u0000')));
      this.values.push(Number.NaN);
    }
    if (row.event === this.metricEvent) {
      this.push(row.customer, row.time, 0, -1);
      this.values.push(row.measures.length > 0 ? row.measures[0] : Number.NaN);
    }
  }

  protected override renumbered(other: this): Int32List[] {
    return [other.exposure, reinterned(other.labels, other.ids, this.ids)];
  }

  override merge(other: this): void {
    super.merge(other);
    this.values.append(other.values);
    this.blankVariants += other.blankVariants;
  }
}

/** Each exposed user as a per-user row of their variant's sums, grouped as --group-by asks. */
export function exposedUsers(log: ExposureLog, metric: ExposureMetric, windowMs: number | undefined, groups: number): { grouped: Grouped<ArmInput, Arms>; mixed: number } {
  const grouped = new Grouped<ArmInput, Arms>(() => new Arms(), groups, false);
  const [customers, times, exposure, labels, values] = [log.customers.view(), log.times.view(), log.exposure.view(), log.labels.view(), log.values.view()];
  const names = [...log.ids.keys()];
  const { order, start } = eventsByCustomer(customers, times);
  const row: ArmInput = { variant: '', period: 0, groups: [], n: 1, y: 0, yy: 0, d: 0, dd: 0, yd: 0, x: 0, xx: 0, xy: 0, binaryY: true, binaryX: true };
  let mixed = 0;
  for (let c = 0; c + 1 < start.length; c++) {
    let label = -1;
    let t0 = Number.NaN;
    let twoVariants = false;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const e = order[i];
      if (exposure[e] !== 1 || labels[e] < 0) continue;
      const variant = names[labels[e]].split('\u0000')[0];
      if (label < 0) [label, t0] = [labels[e], times[e]];
      else if (variant !== names[label].split('\u0000')[0]) twoVariants = true;
    }
    if (label < 0) continue;
    if (twoVariants) {
      mixed++;
      continue;
    }
    let count = 0;
    let sum = 0;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const e = order[i];
      if (exposure[e] !== 0 || times[e] < t0 || (windowMs !== undefined && times[e] > t0 + windowMs)) continue;
      count++;
      if (values[e] === values[e]) sum += values[e];
    }
    const y = metric.kind === 'conversion' ? (count > 0 ? 1 : 0) : metric.kind === 'count' ? count : sum;
    const [variant, ...values_] = names[label].split('\u0000');
    row.variant = variant;
    row.groups = values_;
    row.y = y;
    row.yy = y * y;
    row.binaryY = metric.kind === 'conversion';
    grouped.add(row);
  }
  return { grouped, mixed };
}
