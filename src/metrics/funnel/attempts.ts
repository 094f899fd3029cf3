import type { FunnelRule } from './rule.js';

// One customer's funnel attempts (product-analytics.md "Funnels"), over
// their events in time order (ties in input order). An attempt begins at a
// start event; ordered and strict funnels match each later step greedily to
// the earliest unmatched event of its name at or after the step before and
// within the window (strict: with no other event strictly between); an
// unordered attempt holds, for every other step, its earliest event in the
// window. An exclusion between two steps voids the attempt. Pure: no I/O,
// no state beyond the arrays it is handed.

/** The rule with event names as the small integers the log stores. */
export interface CompiledRule {
  order: FunnelRule['order'];
  entry: FunnelRule['entry'];
  window: number;
  /** Each step's name id. */
  steps: number[];
  exclusions: { name: number; from: number; to: number }[];
}

/** A name id that is neither a step nor an exclusion: only a strict funnel keeps such events. */
export const OTHER_EVENT = -1;

export interface Attempt {
  /** Position of the start event among the customer's events. */
  start: number;
  /** Steps reached, 1 … n. */
  depth: number;
  /** Positions of the events of steps 1 … depth, in step order (unordered: in time order). */
  matched: number[];
}

/** One customer's events: positions index `order`, which indexes the log's arrays. */
export interface CustomerEvents {
  order: Int32Array;
  times: Float64Array;
  names: Int32Array;
}

/**
 * The customer's attempts that are not void, earliest start first: with
 * --entry first at most one (their first start event's); with any, one per
 * start event, or (when `everyStart` is false) up to the first that reaches
 * the last step, since no later one can be counted instead.
 */
export function customerAttempts(events: CustomerEvents, rule: CompiledRule, everyStart: boolean): Attempt[] {
  const { order, names } = events;
  const unordered = rule.order === 'unordered';
  const isStart = (name: number) => (unordered ? rule.steps.includes(name) : name === rule.steps[0]);
  const attempts: Attempt[] = [];
  for (let p = 0; p < order.length; p++) {
    if (!isStart(names[order[p]])) continue;
    const attempt = unordered ? unorderedAttempt(events, rule, p) : orderedAttempt(events, rule, p);
    if (!isVoid(events, rule, attempt)) {
      attempts.push(attempt);
      if (!everyStart && attempt.depth === rule.steps.length) break;
    }
    if (rule.entry === 'first') break;
  }
  return attempts;
}

/** The counted attempt among attempts: the furthest, then the earliest. */
export function bestAttempt(attempts: readonly Attempt[]): Attempt | undefined {
  let best: Attempt | undefined;
  for (const attempt of attempts) if (best === undefined || attempt.depth > best.depth) best = attempt;
  return best;
}

/** The instant of each step the attempt reached, in step order. */
export function stepTimes(events: CustomerEvents, attempt: Attempt): number[] {
  return attempt.matched.map((p) => events.times[events.order[p]]);
}

function orderedAttempt(events: CustomerEvents, rule: CompiledRule, start: number): Attempt {
  const { order, times, names } = events;
  const end = times[order[start]] + rule.window;
  const matched = [start];
  let previous = times[order[start]];
  for (let k = 1; k < rule.steps.length; k++) {
    // The earliest event of step k's name at or after step k−1's instant, not matched already, in the window.
    let found = -1;
    for (let p = firstAtOrAfter(events, previous); p < order.length && times[order[p]] <= end; p++) {
      if (names[order[p]] === rule.steps[k] && !matched.includes(p)) {
        found = p;
        break;
      }
    }
    if (found < 0) break;
    // Strict: no event of any name strictly between the two steps' instants.
    if (rule.order === 'strict' && times[order[found]] > previous) {
      const next = firstAfter(events, previous);
      if (next < order.length && times[order[next]] < times[order[found]]) break;
    }
    matched.push(found);
    previous = times[order[found]];
  }
  return { start, depth: matched.length, matched };
}

function unorderedAttempt(events: CustomerEvents, rule: CompiledRule, start: number): Attempt {
  const { order, times, names } = events;
  const from = times[order[start]];
  const end = from + rule.window;
  const matched = [start];
  for (const step of rule.steps) {
    if (step === names[order[start]]) continue;
    for (let p = firstAtOrAfter(events, from); p < order.length && times[order[p]] <= end; p++) {
      if (names[order[p]] === step) {
        matched.push(p);
        break;
      }
    }
  }
  // The steps found, in time order, are steps 1, 2, …; positions order ties as the input does.
  matched.sort((a, b) => a - b);
  return { start, depth: matched.length, matched };
}

/**
 * Whether an exclusion voids the attempt: an event of its name after step F's
 * instant and before step T's, or, when the attempt did not reach T, up to
 * the window's end (inclusive).
 */
function isVoid(events: CustomerEvents, rule: CompiledRule, attempt: Attempt): boolean {
  // Most funnels have no exclusion: no step times made for each attempt to look for none.
  if (rule.exclusions.length === 0) return false;
  const { order, times, names } = events;
  const at = stepTimes(events, attempt);
  const end = times[order[attempt.start]] + rule.window;
  for (const exclusion of rule.exclusions) {
    if (attempt.depth < exclusion.from) continue;
    const reachedTo = attempt.depth >= exclusion.to;
    const low = at[exclusion.from - 1];
    for (let p = firstAfter(events, low); p < order.length; p++) {
      const t = times[order[p]];
      if (reachedTo ? t >= at[exclusion.to - 1] : t > end) break;
      if (names[order[p]] === exclusion.name) return true;
    }
  }
  return false;
}

/** The first position whose instant is at or after `t`. */
function firstAtOrAfter(events: CustomerEvents, t: number): number {
  let low = 0;
  let high = events.order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (events.times[events.order[mid]] < t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first position whose instant is after `t`. */
function firstAfter(events: CustomerEvents, t: number): number {
  let low = 0;
  let high = events.order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (events.times[events.order[mid]] <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}
