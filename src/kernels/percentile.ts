// Percentiles by linear interpolation between the closest ranks (Hyndman and
// Fan's type 7, numpy's default): with h = (m − 1)·p/100 and j = ⌊h⌋, the
// value is x[j] + (h − j)·(x[j+1] − x[j]) over the sorted values x[0…m−1].

/** The p-th percentile (0 < p < 100) of values sorted ascending; null when there are none. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const m = sorted.length;
  if (m === 0) return null;
  const h = ((m - 1) * p) / 100;
  const j = Math.floor(h);
  if (j + 1 >= m) return sorted[m - 1];
  return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
}

/** The mean of values, or null when there are none. */
export function meanOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
