import { eventsByCustomer } from '../../kernels/by-customer.js';
import { MS_PER_DAY } from '../../time/calendar.js';
import type { TimeZone } from '../../time/zone.js';
import type { EventLog } from '../events/event-log.js';
import type { Cells } from './contingency.js';
import type { Outcome, Within } from './outcome.js';
import { customerAttempts, type CompiledRule } from '../funnel/attempts.js';

// The population of engage drivers (segments-and-drivers.md "Drivers"): each
// customer's origin (their first event), their outcome, and for each
// candidate event how often they did it in the candidate window; what is
// kept is the 2×2 table of every candidate and threshold.

export interface DriverCounts {
  /** cells[candidate][t − 1]: the table of "did it at least t times". */
  cells: Cells[][];
  population: number;
  outcomeYes: number;
  /** retained: customers whose last outcome day is not over when the data ends (left out). */
  undecided: number;
  /** Customers whose candidate window is not over when the data ends (counted, said). */
  openWindows: number;
  /** With a listed candidate (--list): each customer of the population, their count of it and their outcome. */
  listed: { customer: number; count: number; yes: boolean }[];
}

/** The outcome with its event's id in the log ('any' for retained:*), and a funnel's rule with the log's ids. */
export type CountedOutcome = (Outcome & { kind: 'retained' | 'converted'; id: number | 'any' | undefined }) | { kind: 'funnel'; step: number; rule: CompiledRule };

export function driverCounts(log: EventLog, candidates: readonly number[], outcome: CountedOutcome, within: Within, maxCount: number, zone: TimeZone, dataEnd: number, listedSlot = -1): DriverCounts {
  const names = log.names.view();
  const times = log.times.view();
  const { order, start } = eventsByCustomer(log.customers.view(), times);
  const cells = candidates.map(() => Array.from({ length: maxCount }, () => ({ a: 0, b: 0, c: 0, d: 0 })));
  const slot = new Map(candidates.map((id, i) => [id, i]));
  const counts = new Int32Array(candidates.length);
  const result: DriverCounts = { cells, population: 0, outcomeYes: 0, undecided: 0, openWindows: 0, listed: [] };
  const localDay = (t: number) => Math.floor((t + zone.offsetAt(t)) / MS_PER_DAY);
  const dayStart = (day: number) => zone.toUtc(day * MS_PER_DAY);
  for (let c = 0; c + 1 < start.length; c++) {
    if (start[c + 1] === start[c]) continue;
    let origin = times[order[start[c]]];
    let yes = false;
    let conversion = Number.POSITIVE_INFINITY;
    if (outcome.kind === 'funnel') {
      // As engage funnel counts it: the attempt from the customer's first step-1 event, within the window.
      const [attempt] = customerAttempts({ order: order.subarray(start[c], start[c + 1]), times, names }, outcome.rule, false);
      if (attempt === undefined) continue;
      origin = times[order[start[c] + attempt.start]];
      if (attempt.depth >= outcome.step) [yes, conversion] = [true, times[order[start[c] + attempt.matched[outcome.step - 1]]]];
    }
    const originDay = localDay(origin);
    if (outcome.kind === 'retained') {
      // Decided only once the last outcome day is over.
      if (dayStart(originDay + outcome.to + 1) > dataEnd) {
        result.undecided++;
        continue;
      }
      for (let i = start[c]; i < start[c + 1] && !yes; i++) {
        const e = order[i];
        const day = localDay(times[e]) - originDay;
        yes = (outcome.id === 'any' || names[e] === outcome.id) && day >= outcome.from && day <= outcome.to;
      }
    } else if (outcome.kind === 'converted') {
      for (let i = start[c]; i < start[c + 1]; i++) {
        if (names[order[i]] === outcome.id) {
          [yes, conversion] = [true, times[order[i]]];
          break;
        }
      }
    }
    const windowEnd = 'days' in within ? dayStart(originDay + within.days) : origin + within.ms;
    if (windowEnd > dataEnd) result.openWindows++;
    // What followed the conversion cannot explain it: the window ends there.
    const end = Math.min(windowEnd, conversion);
    counts.fill(0);
    for (let i = start[c]; i < start[c + 1]; i++) {
      const e = order[i];
      if (times[e] < origin) continue;
      if (times[e] >= end) break;
      const s = slot.get(names[e]);
      if (s !== undefined) counts[s]++;
    }
    result.population++;
    if (yes) result.outcomeYes++;
    if (listedSlot >= 0) result.listed.push({ customer: c, count: counts[listedSlot], yes });
    for (let s = 0; s < candidates.length; s++) {
      for (let t = 1; t <= maxCount; t++) {
        const cell = cells[s][t - 1];
        if (counts[s] >= t) {
          if (yes) cell.a++;
          else cell.b++;
        } else if (yes) cell.c++;
        else cell.d++;
      }
    }
  }
  return result;
}
