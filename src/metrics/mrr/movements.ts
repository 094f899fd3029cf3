import { eventsByCustomer } from '../../kernels/by-customer.js';
import { CANCEL, CHANGE, START, TRIAL_START, type MrrLedger } from './ledger.js';

// MRR movements (subscription-revenue.md "MRR movements per period"): for
// each customer and period [s, e), m0 = their MRR after every event before
// s, m1 = after every event before e; the pair says which movement the
// customer made. Per customer per period, so that the roll-forward holds
// exactly: mrr_at_end = mrr_at_start + new + reactivation + expansion −
// contraction − churned. Amounts of two currencies are never added.

export interface MrrPeriod {
  customersAtStart: number;
  mrrAtStart: number;
  newCustomers: number;
  newMrr: number;
  reactivated: number;
  reactivationMrr: number;
  expansionCustomers: number;
  expansionMrr: number;
  contractionCustomers: number;
  contractionMrr: number;
  churned: number;
  churnedMrr: number;
  customersAtEnd: number;
  mrrAtEnd: number;
  /** Paying inside the period, neither at its start nor at its end. */
  startedAndEnded: number;
  /** Trials started in the period, and those whose customer started paying within --trial-window. */
  trials: number;
  trialConversions: number;
  /** Trials of the period still inside their window at the data's end, unconverted: the period is partial. */
  openTrials: number;
}

/** When a trial converts (subscription-revenue.md "Trials"): calendar days in --tz, the window's last day included. */
export interface TrialRule {
  /** The day number (in --tz) of an instant. */
  dayOf(time: number): number;
  /** The instant a day (in --tz) starts. */
  dayStart(day: number): number;
  windowDays: number;
  /** Where the data ends (exclusive). */
  dataEnd: number;
}

export function emptyMrrPeriod(): MrrPeriod {
  return { customersAtStart: 0, mrrAtStart: 0, newCustomers: 0, newMrr: 0, reactivated: 0, reactivationMrr: 0, expansionCustomers: 0, expansionMrr: 0, contractionCustomers: 0, contractionMrr: 0, churned: 0, churnedMrr: 0, customersAtEnd: 0, mrrAtEnd: 0, startedAndEnded: 0, trials: 0, trialConversions: 0, openTrials: 0 };
}

/** One customer's MRR in one currency over the periods: what movements and revenue cohorts read. */
export interface CustomerWalk {
  currency: number;
  /** MRR at each period's end (m1; the next period's m0). */
  ends: Float64Array;
  /** Whether the customer was paying at some instant inside each period. */
  paidInside: Uint8Array;
  /** The instants the customer's MRR rose from 0: a trial converts at one of them. */
  startsPaying: number[];
  trials: number[];
}

/** Walks each customer's events of each currency, in time order (the input's among equal times), period by period. */
export function walkCustomers(ledger: MrrLedger, boundaries: readonly number[], visit: (walk: CustomerWalk) => void): void {
  const count = Math.max(0, boundaries.length - 1);
  const [times, kinds, subscriptions, currencies, mrr] = [ledger.times.view(), ledger.kinds.view(), ledger.subscriptions.view(), ledger.currencies.view(), ledger.mrr.view()];
  const { order, start } = eventsByCustomer(ledger.customers.view(), times);
  for (let c = 0; c + 1 < start.length; c++) {
    const perCurrency = new Map<number, number[]>();
    for (let i = start[c]; i < start[c + 1]; i++) {
      const e = order[i];
      const list = perCurrency.get(currencies[e]);
      if (list === undefined) perCurrency.set(currencies[e], [e]);
      else list.push(e);
    }
    for (const [currency, events] of perCurrency) visit(walk(currency, events));
  }

  function walk(currency: number, events: number[]): CustomerWalk {
    const result: CustomerWalk = { currency, ends: new Float64Array(count), paidInside: new Uint8Array(count), startsPaying: [], trials: [] };
    const open = new Map<number, number>();
    let total = 0;
    let next = 0;
    const apply = (e: number): void => {
      if (kinds[e] === TRIAL_START) result.trials.push(times[e]);
      if (kinds[e] > CHANGE) return;
      const before = total;
      if (kinds[e] === START) open.set(subscriptions[e], mrr[e]);
      else if (kinds[e] === CHANGE) {
        // A change sets a new price on an open subscription; on a closed one it means nothing.
        if (open.has(subscriptions[e])) open.set(subscriptions[e], mrr[e]);
      } else if (kinds[e] === CANCEL) open.delete(subscriptions[e]);
      total = 0;
      for (const value of open.values()) total += value;
      if (before <= 0 && total > 0) result.startsPaying.push(times[e]);
    };
    for (let j = 0; j < count; j++) {
      while (next < events.length && times[events[next]] < boundaries[j + 1]) {
        apply(events[next++]);
        if (total > 0) result.paidInside[j] = 1;
      }
      result.ends[j] = total;
      // Nothing left to happen: every later period is empty for this customer.
      if (next >= events.length && total <= 0) break;
    }
    return result;
  }
}

/** Each currency's figures for the periods between consecutive boundaries (boundaries[j] starts period j). */
export function mrrMovements(ledger: MrrLedger, boundaries: readonly number[], trialRule: TrialRule): Map<number, MrrPeriod[]> {
  const count = Math.max(0, boundaries.length - 1);
  const byCurrency = new Map<number, MrrPeriod[]>();
  walkCustomers(ledger, boundaries, (walk) => {
    let periods = byCurrency.get(walk.currency);
    if (periods === undefined) byCurrency.set(walk.currency, (periods = Array.from({ length: count }, emptyMrrPeriod)));
    let paidBefore = false;
    for (let j = 0; j < count; j++) {
      const m0 = j > 0 ? walk.ends[j - 1] : 0;
      const m1 = walk.ends[j];
      const p = periods[j];
      if (m0 > 0) {
        p.customersAtStart++;
        p.mrrAtStart += m0;
        if (m1 <= 0) {
          p.churned++;
          p.churnedMrr += m0;
        } else if (m1 > m0) {
          p.expansionCustomers++;
          p.expansionMrr += m1 - m0;
        } else if (m1 < m0) {
          p.contractionCustomers++;
          p.contractionMrr += m0 - m1;
        }
      } else if (m1 > 0) {
        if (paidBefore) {
          p.reactivated++;
          p.reactivationMrr += m1;
        } else {
          p.newCustomers++;
          p.newMrr += m1;
        }
      } else if (walk.paidInside[j]) p.startedAndEnded++;
      if (m1 > 0) {
        p.customersAtEnd++;
        p.mrrAtEnd += m1;
      }
      if (walk.paidInside[j]) paidBefore = true;
    }
    for (const t of walk.trials) countTrial(t, walk.startsPaying, periods);
  });
  return byCurrency;

  function countTrial(t: number, startsPaying: number[], periods: MrrPeriod[]): void {
    let j = 0;
    while (j + 1 < count && boundaries[j + 1] <= t) j++;
    const p = periods[j];
    p.trials++;
    const lastDay = trialRule.dayOf(t) + trialRule.windowDays;
    if (startsPaying.some((paid) => paid >= t && trialRule.dayOf(paid) <= lastDay)) p.trialConversions++;
    else if (trialRule.dataEnd < trialRule.dayStart(lastDay + 1)) p.openTrials++;
  }
}
