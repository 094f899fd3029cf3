import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { CANCEL_EVENTS } from '../churn/subscriptions.js';
import type { EventOptions } from '../events/event-options.js';
import { eventPlan } from '../events/event-plan.js';
import { Grouped } from '../grouped.js';
import { periodRange } from '../events/period-range.js';
import type { Periods } from '../../time/periods.js';
import { MrrLedger, SUBSCRIPTION_EVENTS, TRIAL_END_EVENTS, TRIAL_START_EVENTS } from './ledger.js';
import { INTERVAL_WORDS, intervalMonths, monthlyAmount } from './normalise.js';

// How the subscription metrics (engage mrr, retention --mrr) read a file:
// every subscription event, its amount normalised to MRR by the row's
// interval, quantity and discount, each customer's events kept in a ledger.

export function subscriptionPlan(options: EventOptions, chosenBy: string): EventPlan {
  return eventPlan(options, {
    kind: 'subscriptions',
    selected: SUBSCRIPTION_EVENTS,
    chosenBy,
    readAmount: true,
    amountExpected: (event) => !CANCEL_EVENTS.includes(event) && !TRIAL_START_EVENTS.includes(event) && !TRIAL_END_EVENTS.includes(event),
    measures: [
      { column: 'quantity', flag: 'quantity', optional: true, blankNoted: new Set() },
      { column: 'discount', flag: 'discount', optional: true, blankNoted: new Set() },
    ],
    labels: [{ column: 'subscription_id' }, { column: 'interval', accepts: { test: (text) => intervalMonths(text) !== undefined, expected: `a billing interval: ${INTERVAL_WORDS.slice(0, 8).join(', ')} …` } }, { column: 'currency' }],
  });
}

/** A ledger per group (and the overall one), each row's amount as the MRR it sets. */
export function ledgers(groups: number): Grouped<EventInput, MrrLedger> {
  const normalise = (row: EventInput) => (row.amount === Number.NEGATIVE_INFINITY ? 0 : monthlyAmount(row.amount, row.measures[0], row.measures[1], intervalMonths(row.labels[1])!));
  return new Grouped<EventInput, MrrLedger>(() => new MrrLedger(normalise), groups, false);
}

/** The periods from a ledger's first event to its last, and the instants between them (boundaries[j] starts period j). */
export function ledgerPeriods(periods: Periods, ledger: MrrLedger): { keys: number[]; boundaries: number[] } {
  const keys = periodRange(periods, ledger.times.view().map((t) => periods.keyOf(t)));
  return { keys, boundaries: keys.length === 0 ? [] : [...keys.map((k) => periods.startUtc(k)), periods.endUtc(keys[keys.length - 1])] };
}
