// Each arm's figure and per-user variance from its sufficient statistics
// (experiments.md "Per-variant statistic"), as GrowthBook computes them: a
// proportion with the population variance p(1 − p), a mean with the sample
// variance, a ratio of totals by the delta method. Pure arithmetic.

export type MetricKind = 'proportion' | 'mean' | 'ratio';

/** What a warehouse sums per arm: users, Σy, Σy²; a ratio's denominator; a covariate for CUPED. */
export interface ArmSums {
  n: number;
  sum: number;
  sumSquares: number;
  /** The denominator of a ratio metric (Σd, Σd², Σyd). */
  denominator?: { sum: number; sumSquares: number; sumProducts: number };
  /** The pre-period covariate (Σx, Σx², Σxy). */
  covariate?: { sum: number; sumSquares: number; sumProducts: number };
}

export interface Moments {
  n: number;
  /** The arm's figure: a rate, a mean, a ratio of totals (NaN when a ratio's denominator sums to 0). */
  mean: number;
  /** Per-user variance. */
  variance: number;
}

/**
 * Sample variance from sums: (Σx² − (Σx)²/n) / (n − 1). Equal values give 0, not a rounding
 * error below it; sums that no values could have (Σx² < (Σx)²/n) give a negative variance,
 * which the effect then refuses.
 */
export function sampleVariance(n: number, sum: number, sumSquares: number): number {
  if (n < 2) return Number.NaN;
  const spread = sumSquares - (sum * sum) / n;
  return (Math.abs(spread) <= 1e-12 * Math.abs(sumSquares) ? 0 : spread) / (n - 1);
}

/** Sample covariance from sums: (Σxy − Σx Σy / n) / (n − 1). */
export function sampleCovariance(n: number, sumX: number, sumY: number, sumProducts: number): number {
  return n < 2 ? Number.NaN : (sumProducts - (sumX * sumY) / n) / (n - 1);
}

export function armMoments(kind: MetricKind, arm: ArmSums): Moments {
  const { n, sum, sumSquares } = arm;
  if (kind === 'proportion') {
    const p = sum / n;
    return { n, mean: p, variance: p * (1 - p) };
  }
  if (kind === 'mean') return { n, mean: sum / n, variance: sampleVariance(n, sum, sumSquares) };
  const d = arm.denominator!;
  if (d.sum === 0) return { n, mean: Number.NaN, variance: Number.NaN };
  const [a, b] = [sum / n, d.sum / n];
  const varA = sampleVariance(n, sum, sumSquares);
  const varB = sampleVariance(n, d.sum, d.sumSquares);
  const cov = sampleCovariance(n, sum, d.sum, d.sumProducts);
  return { n, mean: sum / d.sum, variance: varA / b ** 2 + (a ** 2 * varB) / b ** 4 - (2 * a * cov) / b ** 3 };
}
