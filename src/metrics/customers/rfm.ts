import type { CustomerSummary } from './summary.js';

// RFM (METRICS.md "RFM"): recency (days from the last order to the
// observation end), frequency (orders) and monetary value (revenue), each
// scored 1–5 over the customers, and a named segment from R and the mean of
// F and M. Pure: summaries in, scores out.

export interface RfmScore {
  customer: CustomerSummary;
  recencyDays: number;
  r: number;
  f: number;
  m: number;
  segment: Segment;
}

/** The segments, in the order tables list them (the best customers first). */
export const SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential loyalist',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  'Cannot lose them',
  'Hibernating',
  'Lost',
] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * The segment of each R (rows, 5 down to 1) and FM = the mean of F and M rounded half up
 * (columns, 1 to 5): recent and valuable at the top left of the map, gone at the bottom.
 */
export const SEGMENT_MAP: Record<number, readonly Segment[]> = {
  5: ['New', 'Potential loyalist', 'Potential loyalist', 'Champions', 'Champions'],
  4: ['Promising', 'Potential loyalist', 'Potential loyalist', 'Loyal', 'Champions'],
  3: ['About to sleep', 'About to sleep', 'Need attention', 'Loyal', 'Loyal'],
  2: ['Hibernating', 'Hibernating', 'At risk', 'At risk', 'Cannot lose them'],
  1: ['Lost', 'Lost', 'Hibernating', 'At risk', 'Cannot lose them'],
};

/**
 * Scores 1–5 by quintiles: 1 + ⌊5 × (customers with a worse value) / customers⌋, so that
 * equal values get equal scores and each score holds about a fifth of the customers.
 */
export function quintileScores(values: readonly number[], better: 'higher' | 'lower'): number[] {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  return values.map((value) => {
    const worse = better === 'higher' ? lowerBound(sorted, value) : n - upperBound(sorted, value);
    return 1 + Math.floor((5 * worse) / n);
  });
}

export function rfmScores(customers: readonly CustomerSummary[], endDay: number, withAmounts: boolean): RfmScore[] {
  const recency = customers.map((c) => endDay - c.lastDay);
  const r = quintileScores(recency, 'lower');
  const f = quintileScores(customers.map((c) => c.orders), 'higher');
  // Without amounts, M says nothing: the segment is made of R and F alone.
  const m = withAmounts ? quintileScores(customers.map((c) => c.revenue ?? 0), 'higher') : f;
  return customers.map((customer, i) => ({
    customer,
    recencyDays: recency[i],
    r: r[i],
    f: f[i],
    m: m[i],
    segment: SEGMENT_MAP[r[i]][Math.floor((f[i] + m[i]) / 2 + 0.5) - 1],
  }));
}

function lowerBound(sorted: Float64Array, value: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function upperBound(sorted: Float64Array, value: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
