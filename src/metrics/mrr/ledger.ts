import { Float64List, Int32List } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import { CANCEL_EVENTS, CHANGE_EVENTS, START_EVENTS } from '../churn/subscriptions.js';
import { EventColumns, intern, reinterned } from '../events/event-columns.js';
import type { Accumulator } from '../types.js';

// The subscription events of an MRR analysis, a column each: the customer,
// the instant, what the event does, the MRR it sets (normalised when read),
// the subscription it acts on and the currency, interned. Kept whole: each
// customer's MRR at a period's edges is worked out at the end (movements.ts).

export const START = 1;
export const CANCEL = 2;
export const CHANGE = 3;
/** A trial starts: no MRR of its own; whether the customer pays within --trial-window is read at the end. */
export const TRIAL_START = 4;
/** A trial ends: recorded by exports, it changes nothing (a trial that ends unpaid simply did not convert). */
export const TRIAL_END = 5;

export const TRIAL_START_EVENTS = ['trial_start', 'trial_started', 'trial'];
export const TRIAL_END_EVENTS = ['trial_end', 'trial_ended'];

const KINDS = new Map<string, number>([
  ...START_EVENTS.map((e): [string, number] => [e, START]),
  ...CANCEL_EVENTS.map((e): [string, number] => [e, CANCEL]),
  ...CHANGE_EVENTS.map((e): [string, number] => [e, CHANGE]),
  ...TRIAL_START_EVENTS.map((e): [string, number] => [e, TRIAL_START]),
  ...TRIAL_END_EVENTS.map((e): [string, number] => [e, TRIAL_END]),
]);

export const SUBSCRIPTION_EVENTS = [...KINDS.keys()];

/** Where the plan's labels are: the subscription id, the interval, the currency. */
export const LABELS = ['subscription_id', 'interval', 'currency'] as const;

export class MrrLedger extends EventColumns implements Accumulator<EventInput> {
  readonly kinds = new Int32List();
  readonly subscriptions = new Int32List();
  readonly currencies = new Int32List();
  readonly mrr = new Float64List();
  readonly subscriptionIds = new Map<string, number>();
  readonly currencyIds = new Map<string, number>();

  /** `normalise` turns a row's amount into its MRR (the plan's interval, quantity and discount); NaN for a bad interval is caught by the plan. */
  constructor(private readonly normalise: (row: EventInput) => number) {
    super();
  }

  protected columns(): Int32List[] {
    return [this.kinds, this.subscriptions, this.currencies];
  }

  add(row: EventInput): void {
    const kind = KINDS.get(row.event);
    if (kind === undefined) return;
    // A subscription is its customer's: the same id under two customers is two subscriptions.
    this.push(row.customer, row.time, kind, intern(this.subscriptionIds, row.labels[0]), intern(this.currencyIds, row.labels[2].toUpperCase()));
    this.mrr.push(kind === START || kind === CHANGE ? this.normalise(row) : 0);
  }

  protected override renumbered(other: this): Int32List[] {
    return [other.kinds, reinterned(other.subscriptions, other.subscriptionIds, this.subscriptionIds), reinterned(other.currencies, other.currencyIds, this.currencyIds)];
  }

  override merge(other: this): void {
    super.merge(other);
    this.mrr.append(other.mrr);
  }
}
