import { Float64List, Int32List, remapIndexes } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import { MISSING_AMOUNT } from '../../schema/values.js';
import { Activity } from '../events/activity.js';

// Activity and the amounts of the counted rows (customer, period, amount),
// for revenue cohorts: which cohort a row's revenue belongs to is known only
// once every customer's first period is.

export class RevenueActivity extends Activity {
  readonly revenueCustomers = new Int32List();
  readonly revenuePeriods = new Int32List();
  readonly revenueAmounts = new Float64List();

  override add(row: EventInput): void {
    super.add(row);
    if (row.amount === MISSING_AMOUNT || !this.counts(row.event)) return;
    this.revenueCustomers.push(row.customer);
    this.revenuePeriods.push(row.period);
    this.revenueAmounts.push(row.amount);
  }

  override merge(other: RevenueActivity): void {
    super.merge(other);
    this.revenueCustomers.append(other.revenueCustomers);
    this.revenuePeriods.append(other.revenuePeriods);
    this.revenueAmounts.append(other.revenueAmounts);
  }

  /** Activity's one pass does not carry the amounts: renumbered, then merged. */
  override mergeRenumbered(other: RevenueActivity, mapping: Int32Array): void {
    other.remapCustomers(mapping);
    this.merge(other);
  }

  override remapCustomers(mapping: Int32Array): void {
    super.remapCustomers(mapping);
    remapIndexes(this.revenueCustomers, mapping);
  }
}
