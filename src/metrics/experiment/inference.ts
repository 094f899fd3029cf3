import { chiSquareSurvival, normalCdf, normalDensity, normalQuantile, studentQuantile, studentSurvival } from '../../kernels/distributions.js';
import type { Effect } from './effect.js';

// What an effect and its standard error say (experiments.md "Frequentist",
// "Bayesian", "Sample-ratio mismatch"): Welch's t test one- or two-sided,
// the always-valid sequential interval, the normal posterior with a flat or
// an informative prior, and the χ² test of the users per variant. Pure.

export type Sided = 'two' | 'greater' | 'less';

export interface Frequentist {
  low: number;
  high: number;
  pValue: number;
}

export function tTest(effect: Effect, alpha: number, sided: Sided): Frequentist {
  const { delta, se, df } = effect;
  const t = delta / se;
  if (sided === 'two') {
    const q = studentQuantile(1 - alpha / 2, df);
    return { low: delta - q * se, high: delta + q * se, pValue: 2 * studentSurvival(Math.abs(t), df) };
  }
  const q = studentQuantile(1 - alpha, df);
  return sided === 'greater'
    ? { low: delta - q * se, high: Number.POSITIVE_INFINITY, pValue: studentSurvival(t, df) }
    : { low: Number.NEGATIVE_INFINITY, high: delta + q * se, pValue: studentSurvival(-t, df) };
}

/** The normal-mixture confidence sequence: valid however often the results are looked at (two-sided). */
export function sequentialTest(effect: Effect, users: number, alpha: number, tuning: number): Frequentist {
  const { delta, se } = effect;
  const rho = Math.sqrt((-2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha))) / tuning);
  const spread = users * rho ** 2 + 1;
  const half = se * Math.sqrt(users) * Math.sqrt((2 * spread * Math.log(Math.sqrt(spread) / alpha)) / (users * rho) ** 2);
  const t = delta / se;
  return { low: delta - half, high: delta + half, pValue: Math.min(1, Math.sqrt(spread) * Math.exp((-(rho ** 2) * users * t ** 2) / (2 * spread))) };
}

export interface Bayesian {
  /** Posterior mean and standard deviation of the effect. */
  mean: number;
  sd: number;
  low: number;
  high: number;
  chanceToWin: number;
  /** Expected loss of keeping the control, and of shipping the variant. */
  riskControl: number;
  riskVariant: number;
}

/** A normal prior on the effect (already on the effect's scale), or none: the flat prior. */
export function bayesian(effect: Effect, alpha: number, prior?: { mean: number; variance: number }): Bayesian {
  let [mean, variance] = [effect.delta, effect.se ** 2];
  if (prior !== undefined) {
    const precision = 1 / variance + 1 / prior.variance;
    mean = (effect.delta / variance + prior.mean / prior.variance) / precision;
    variance = 1 / precision;
  }
  const sd = Math.sqrt(variance);
  const z = normalQuantile(1 - alpha / 2);
  const ratio = mean / sd;
  const chanceToWin = normalCdf(ratio);
  // E[max(θ, 0)] = μ Φ(μ/σ) + σ φ(μ/σ); E[max(−θ, 0)] is that minus μ.
  const riskControl = mean * chanceToWin + sd * normalDensity(ratio);
  return { mean, sd, low: mean - z * sd, high: mean + z * sd, chanceToWin, riskControl, riskVariant: riskControl - mean };
}

export interface SampleRatio {
  chiSquare: number;
  pValue: number;
}

/** χ² of the users per variant against the expected split (weights in the variants' order). */
export function sampleRatioMismatch(users: readonly number[], weights: readonly number[]): SampleRatio {
  const total = users.reduce((a, b) => a + b, 0);
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  users.forEach((observed, i) => {
    const expected = (weights[i] / weightTotal) * total;
    chiSquare += (observed - expected) ** 2 / expected;
  });
  return { chiSquare, pValue: users.length < 2 ? Number.NaN : chiSquareSurvival(chiSquare, users.length - 1) };
}
