import type { CompiledRule } from './attempts.js';
import { positionsInReach, reachBounds } from './reach.js';

// The most common funnel — ordered, entered at each customer's first start,
// each step a different event, no exclusion — needs no customer's events in
// time order. Its attempt (attempts.ts) starts at the customer's earliest
// step-1 event, and step k is the earliest event of its name at or after step
// k−1's instant and within the window of the start: with distinct names no
// event can be matched twice, so step k's instant is a minimum over the log,
// given step k−1's. One pass over the log keeps the events in reach of each
// customer's first start (reach.ts), then one pass per step over those finds its instant
// for every customer at once: no sort by customer, no copy of the events, no
// object per customer's events, which were most of the walk's cost at the end
// of a funnel over ten million events. The walk stays the definition; a
// property test holds this to it.

/** A part of the log as it was read: parallel columns, customers numbered as the whole log numbers them. */
export interface LogColumns {
  customers: Int32Array;
  times: Float64Array;
  names: Int32Array;
}

/** Whether every customer's counted attempt is a chain of earliest events (see above). */
export function earliestStepsApply(rule: CompiledRule): boolean {
  return rule.order === 'ordered' && rule.entry === 'first' && rule.exclusions.length === 0 && new Set(rule.steps).size === rule.steps.length;
}

/**
 * Each step's instant for every customer (+∞ where they did not reach it):
 * `firstStart` is each customer's earliest step-1 event (+∞ without one),
 * which is step 1's.
 */
export function earliestSteps(parts: readonly LogColumns[], firstStart: Float64Array, rule: CompiledRule): Float64Array[] {
  const bounds = reachBounds(firstStart, firstStart, rule.window);
  const inReach = parts.map((part) => positionsInReach(part.customers, part.times, bounds));
  const instants = [firstStart];
  for (let k = 1; k < rule.steps.length; k++) {
    const previous = instants[k - 1];
    const step = rule.steps[k];
    const reached = new Float64Array(firstStart.length).fill(Infinity);
    parts.forEach(({ customers, times, names }, p) => {
      for (const i of inReach[p]) {
        if (names[i] !== step) continue;
        const customer = customers[i];
        const time = times[i];
        // In reach, so within the window; +∞ for a customer who did not reach step k−1, which no time is at or after.
        if (time >= previous[customer] && time < reached[customer]) reached[customer] = time;
      }
    });
    instants.push(reached);
  }
  return instants;
}
