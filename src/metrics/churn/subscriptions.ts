import { eventsByCustomer } from '../../kernels/by-customer.js';
import { Float64List, Int32List, remapIndexes } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';

// Subscription churn (METRICS.md "Churn", subscription model). Each
// customer has one subscription at a time: a start event opens it (its
// amount is the MRR), a change event sets a new MRR, a cancel event ends it.
// State is the subscription events only, a few per customer.

export const START_EVENTS = ['start', 'started', 'subscribe', 'subscribed', 'subscription_started', 'subscription_start', 'activate', 'activated'];
export const CANCEL_EVENTS = ['cancel', 'canceled', 'cancelled', 'end', 'ended', 'churn', 'churned', 'unsubscribe', 'unsubscribed', 'subscription_ended', 'subscription_cancelled'];
export const CHANGE_EVENTS = ['change', 'changed', 'upgrade', 'upgraded', 'downgrade', 'downgraded', 'plan_change', 'plan_changed'];

const START = 1;
const CANCEL = 2;
const CHANGE = 3;
const KINDS = new Map<string, number>([
  ...START_EVENTS.map((e): [string, number] => [e, START]),
  ...CANCEL_EVENTS.map((e): [string, number] => [e, CANCEL]),
  ...CHANGE_EVENTS.map((e): [string, number] => [e, CHANGE]),
]);

export interface SubscriptionPeriod {
  atStart: number;
  /** Started in the period and still subscribed at its end. */
  newCustomers: number;
  /** Started and ended inside the period. */
  samePeriod: number;
  churned: number;
  mrrAtStart: number;
  newMrr: number;
  churnedMrr: number;
  contraction: number;
  expansion: number;
}

export class SubscriptionLog implements Accumulator<EventInput> {
  readonly customers = new Int32List();
  readonly times = new Float64List();
  readonly kinds = new Int32List();
  readonly amounts = new Float64List();

  add(row: EventInput): void {
    const kind = KINDS.get(row.event);
    if (kind === undefined) return;
    this.customers.push(row.customer);
    this.times.push(row.time);
    this.kinds.push(kind);
    this.amounts.push(row.amount === Number.NEGATIVE_INFINITY ? Number.NaN : row.amount);
  }

  remapCustomers(mapping: Int32Array): void {
    remapIndexes(this.customers, mapping);
  }

  merge(other: SubscriptionLog): void {
    this.customers.append(other.customers);
    this.times.append(other.times);
    this.kinds.append(other.kinds);
    this.amounts.append(other.amounts);
  }

  /**
   * Figures for consecutive periods given by their boundaries (boundaries[j]
   * starts period j, boundaries[j + 1] ends it).
   */
  periods(boundaries: readonly number[]): SubscriptionPeriod[] {
    const count = boundaries.length - 1;
    const out: SubscriptionPeriod[] = Array.from({ length: count }, () => ({
      atStart: 0, newCustomers: 0, samePeriod: 0, churned: 0, mrrAtStart: 0, newMrr: 0, churnedMrr: 0, contraction: 0, expansion: 0,
    }));
    const customers = this.customers.view();
    const times = this.times.view();
    const kinds = this.kinds.view();
    const amounts = this.amounts.view();
    const { order, start } = eventsByCustomer(customers, times);
    for (let c = 0; c + 1 < start.length; c++) {
      const first = start[c];
      const end = start[c + 1];
      if (first === end) continue;
      // Status at each boundary, and whether a subscription started inside each period.
      let active = false;
      let mrr = 0;
      let e = 0;
      let startedInside = false;
      let previousActive = false;
      let previousMrr = 0;
      for (let j = 0; j <= count; j++) {
        const boundary = boundaries[j];
        startedInside = false;
        while (first + e < end && times[order[first + e]] < boundary) {
          const i = order[first + e++];
          const amount = Number.isNaN(amounts[i]) ? 0 : amounts[i];
          if (kinds[i] === START) {
            if (!active) startedInside = true;
            active = true;
            mrr = amount;
          } else if (kinds[i] === CHANGE) {
            if (active) mrr = amount;
          } else {
            active = false;
            mrr = 0;
          }
        }
        if (j > 0) {
          const period = out[j - 1];
          if (previousActive) {
            period.atStart++;
            period.mrrAtStart += previousMrr;
            if (!active) {
              period.churned++;
              period.churnedMrr += previousMrr;
            } else if (mrr < previousMrr) period.contraction += previousMrr - mrr;
            else if (mrr > previousMrr) period.expansion += mrr - previousMrr;
          } else if (startedInside) {
            if (active) {
              period.newCustomers++;
              period.newMrr += mrr;
            } else period.samePeriod++;
          }
        }
        previousActive = active;
        previousMrr = mrr;
        if (first + e >= end && !active && j > 0) break;
      }
    }
    return out;
  }
}
