import type { CompiledRule } from './attempts.js';
import { inPartNumbers } from './reach.js';

// The most common funnel — ordered, entered at each customer's first start,
// each step a different event, no exclusion — needs no customer's events in
// time order. Its attempt (attempts.ts) starts at the customer's earliest
// step-1 event, and step k is the earliest event of its name at or after step
// k−1's instant and within the window of the start: with distinct names no
// event can be matched twice, so step k's instant is a minimum over the log,
// given step k−1's. One pass over the log finds step 2's instant for every
// customer at once and keeps the positions of the later steps' events in
// reach of the first start (reach.ts); one pass per later step over those
// finds its instant: no sort by customer, no copy of the events, no object
// per customer's events, which were most of the walk's cost at the end of a
// funnel over ten million events. The walk stays the definition; a property
// test holds this to it.

/** A part of the log as it was read: parallel columns. */
export interface LogColumns {
  customers: Int32Array;
  times: Float64Array;
  names: Int32Array;
  /**
   * A part read on another thread keeps that thread's customer numbers: its
   * customer c is customer whole[c] of the log. Undefined: numbered as the log.
   */
  whole?: Int32Array;
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
  const instants = [firstStart, ...rule.steps.slice(1).map(() => new Float64Array(firstStart.length).fill(Infinity))];
  if (rule.steps.length === 1) return instants;
  const laterSteps = new Set(rule.steps.slice(2));
  // Steps 3 on need the step before's instants over every part: their events in reach wait here.
  const waiting = parts.map((part) => secondStep(part, firstStart, rule.window, rule.steps[1], laterSteps, instants[1]));
  for (let k = 2; k < rule.steps.length; k++) {
    const [previous, reached, step] = [instants[k - 1], instants[k], rule.steps[k]];
    parts.forEach(({ customers, times, names, whole }, p) => {
      for (const i of waiting[p]) {
        if (names[i] !== step) continue;
        const customer = whole === undefined ? customers[i] : whole[customers[i]];
        const time = times[i];
        // In reach, so within the window; +∞ for a customer who did not reach step k−1, which no time is at or after.
        if (time >= previous[customer] && time < reached[customer]) reached[customer] = time;
      }
    });
  }
  return instants;
}

/**
 * One pass over a part: each customer's earliest event of step 2 within
 * [first start, first start + window] lowers `reached` (in reach, it is at or
 * after step 1's instant, the first start); the positions of the later steps'
 * events in reach are returned.
 */
function secondStep(part: LogColumns, firstStart: Float64Array, window: number, step: number, laterSteps: ReadonlySet<number>, reached: Float64Array): Int32Array {
  const { customers, times, names, whole } = part;
  // Each start in the part's own numbers: one lookup an event, in no order.
  const first = inPartNumbers(firstStart, whole, Infinity);
  // The events near a window; then, written over them, those of later steps in it.
  const kept = nearWindows(customers, times, first, window);
  let waiting = 0;
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k];
    const customer = customers[i];
    const time = times[i];
    const start = first[customer];
    if (!(time >= start && time <= start + window)) continue;
    const name = names[i];
    if (name === step) {
      const inLog = whole === undefined ? customer : whole[customer];
      if (time < reached[inLog]) reached[inLog] = time;
    } else if (laterSteps.has(name)) {
      // Written behind the reading (waiting ≤ k): the near events already read are not needed again.
      kept[waiting++] = i;
    }
  }
  return kept.subarray(0, waiting);
}

/**
 * The positions of a part's events near their customer's window (within a
 * millisecond of [start, start + window]). One test an event, a branch almost
 * never taken: half of the bench's ten million events are a started
 * customer's, and the tests "started?" then "at or after the start?" went
 * either way at random (a part's pass over the real log's columns took 42 ms
 * with them, 16 ms with this). A customer without a start (+∞) is −∞ from it.
 *
 * A loop of its own, run a block at a time: V8 compiles a function called
 * often sooner than a loop run once, and the pass is run once or twice a
 * funnel. Over 5M events in one call, the first pass took 36 ms and the
 * second 25, against 10 warm; in blocks, 21 and 11. With the later steps'
 * test in the same loop, the second part's call deoptimized on a lookup the
 * first part never made (its customers are the log's), and a part's pass
 * took 65–95 ms.
 *
 * The positions go to an array grown as they come (a few in a hundred of
 * the bench's events are near), not one as long as the part: 20 MB a part
 * of memory outside V8's heap, which it counts, and collected for.
 */
function nearWindows(customers: Int32Array, times: Float64Array, first: Float64Array, window: number): Int32Array {
  let out = new Int32Array(Math.min(customers.length, 2 * NEAR_BLOCK));
  let count = 0;
  for (let from = 0; from < customers.length; from += NEAR_BLOCK) {
    const to = Math.min(customers.length, from + NEAR_BLOCK);
    // Room for every event of the block.
    if (out.length < count + (to - from)) {
      const grown = new Int32Array(Math.min(customers.length, 2 * out.length + NEAR_BLOCK));
      grown.set(out.subarray(0, count));
      out = grown;
    }
    count = nearInBlock(customers, times, first, window, out, from, to, count);
  }
  return out.subarray(0, count);
}

const NEAR_BLOCK = 1 << 16;

/** nearWindows over events [from, to), written to `out` from `count` on; the count after them. */
function nearInBlock(customers: Int32Array, times: Float64Array, first: Float64Array, window: number, out: Int32Array, from: number, to: number, count: number): number {
  const half = window / 2;
  const near = half + 1;
  const known = first.length;
  for (let i = from; i < to; i++) {
    const customer = customers[i];
    if (customer < known && Math.abs(times[i] - first[customer] - half) <= near) out[count++] = i;
  }
  return count;
}
