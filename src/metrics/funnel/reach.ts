// The events an attempt can look at: a customer's from their first start
// event's instant to the window's end after their last start's (their first
// start's with --entry first), ties at either end included. Most of a log is
// outside it (the events of customers who never start, and those long before
// or after), so both ends of a funnel (the walk, log.ts, and the passes per
// step, earliest-steps.ts) look only at these.

/**
 * Each customer's [first start, the end of the window after `reach`], side by
 * side: a pass looks a customer up for every event, in no order, and that
 * lookup (a cache miss) is its cost; one miss an event, not two.
 */
export function reachBounds(firstStart: Float64Array, reach: Float64Array, window: number): Float64Array {
  const bounds = new Float64Array(2 * firstStart.length);
  for (let c = 0; c < firstStart.length; c++) {
    bounds[2 * c] = firstStart[c];
    bounds[2 * c + 1] = reach[c] + window;
  }
  return bounds;
}

/**
 * Per-customer values of the log (`width` side by side) in a part's own
 * customer numbers, `whole` giving each one's number in the log (undefined:
 * the part numbers as the log, and the values are the log's). A customer
 * past the log's values gets `missing`. A part read on another thread is
 * looked up this way rather than renumbered: rewriting its millions of
 * events cost more than the pass that reads them.
 */
export function inPartNumbers(values: Float64Array, whole: Int32Array | undefined, missing: number, width = 1): Float64Array {
  if (whole === undefined) return values;
  const count = values.length / width;
  const out = new Float64Array(whole.length * width);
  for (let c = 0; c < whole.length; c++) {
    const inLog = whole[c];
    for (let j = 0; j < width; j++) out[c * width + j] = inLog < count ? values[inLog * width + j] : missing;
  }
  return out;
}

/** The positions of a part's events within its customer's bounds (a customer past them never started). */
export function positionsInReach(customers: Int32Array, times: Float64Array, bounds: Float64Array): Int32Array {
  const customerCount = bounds.length / 2;
  // As long as the part, but only the pages written are touched.
  const kept = new Int32Array(customers.length);
  let count = 0;
  for (let i = 0; i < customers.length; i++) {
    const customer = customers[i];
    if (customer >= customerCount) continue;
    const time = times[i];
    if (time >= bounds[2 * customer] && time <= bounds[2 * customer + 1]) kept[count++] = i;
  }
  return kept.subarray(0, count);
}
