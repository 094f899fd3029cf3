import { armMoments, sampleCovariance, sampleVariance, type ArmSums, type MetricKind, type Moments } from './moments.js';

// The effect of a variant against the control and its standard error
// (experiments.md "The effect and its standard error" and "CUPED"): absolute
// or relative by the delta method, with the per-user variances Welch's
// degrees of freedom are made of. Pure.

export type Difference = 'relative' | 'absolute';

export interface Effect {
  /** Δ: the variant's figure minus the control's, divided by |the control's| when relative. */
  delta: number;
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** The pooled CUPED θ, when a covariate adjusts the effect. */
  theta?: number;
  /** Why there is no effect (the control's figure is 0 for a relative effect, an arm under 2 users, no variance). */
  undefinedBecause?: string;
}

/** Welch–Satterthwaite from the arms' per-user variances and users. */
export function welchDf(va: number, na: number, vb: number, nb: number): number {
  return (vb / nb + va / na) ** 2 / (vb ** 2 / (nb ** 2 * (nb - 1)) + va ** 2 / (na ** 2 * (na - 1)));
}

function checked(effect: Effect, a: Moments, b: Moments): Effect {
  if (a.n < 2 || b.n < 2) return { ...effect, undefinedBecause: 'an arm has fewer than 2 users' };
  if (!Number.isFinite(a.mean) || !Number.isFinite(b.mean)) return { ...effect, undefinedBecause: 'a ratio’s denominator sums to 0' };
  if (a.variance < 0 || b.variance < 0) return { ...effect, undefinedBecause: 'a sum of squares is below what the sum allows (a negative variance)' };
  if (!(effect.se > 0) || !Number.isFinite(effect.se)) return { ...effect, undefinedBecause: 'the effect has no variance' };
  return effect;
}

export function effectOf(kind: MetricKind, control: ArmSums, variant: ArmSums, difference: Difference): Effect {
  if (control.covariate !== undefined && variant.covariate !== undefined && kind !== 'ratio') return cupedEffect(kind, control, variant, difference);
  const a = armMoments(kind, control);
  const b = armMoments(kind, variant);
  if (difference === 'relative' && a.mean === 0) return { delta: Number.NaN, se: Number.NaN, df: Number.NaN, undefinedBecause: 'the control’s figure is 0, so no relative effect' };
  const df = welchDf(a.variance, a.n, b.variance, b.n);
  if (difference === 'absolute') return checked({ delta: b.mean - a.mean, se: Math.sqrt(b.variance / b.n + a.variance / a.n), df }, a, b);
  const variance = b.variance / (b.n * a.mean ** 2) + (a.variance * b.mean ** 2) / (a.n * a.mean ** 4);
  return checked({ delta: (b.mean - a.mean) / Math.abs(a.mean), se: Math.sqrt(variance), df }, a, b);
}

/** An arm's moments of the metric Y and the covariate X: variances and their covariance, proportions when both are 0/1. */
function cupedMoments(arm: ArmSums, proportions: boolean) {
  const n = arm.n;
  const x = arm.covariate!;
  const [my, mx] = [arm.sum / n, x.sum / n];
  if (proportions) return { n, my, mx, varY: my * (1 - my), varX: mx * (1 - mx), cov: x.sumProducts / n - mx * my };
  return { n, my, mx, varY: sampleVariance(n, arm.sum, arm.sumSquares), varX: sampleVariance(n, x.sum, x.sumSquares), cov: sampleCovariance(n, x.sum, arm.sum, x.sumProducts) };
}

/** Whether the metric and the covariate are both 0/1 in these arms (Σx² = Σx, and the metric is a proportion). */
function bothProportions(kind: MetricKind, arms: ArmSums[]): boolean {
  return kind === 'proportion' && arms.every((arm) => arm.covariate!.sumSquares === arm.covariate!.sum);
}

function cupedEffect(kind: MetricKind, control: ArmSums, variant: ArmSums, difference: Difference): Effect {
  const proportions = bothProportions(kind, [control, variant]);
  // θ from the two arms' sums pooled.
  const pooled: ArmSums = {
    n: control.n + variant.n,
    sum: control.sum + variant.sum,
    sumSquares: control.sumSquares + variant.sumSquares,
    covariate: {
      sum: control.covariate!.sum + variant.covariate!.sum,
      sumSquares: control.covariate!.sumSquares + variant.covariate!.sumSquares,
      sumProducts: control.covariate!.sumProducts + variant.covariate!.sumProducts,
    },
  };
  const all = cupedMoments(pooled, proportions);
  const theta = all.varX > 0 ? all.cov / all.varX : 0;
  const [a, b] = [cupedMoments(control, proportions), cupedMoments(variant, proportions)];
  const adjusted = (m: typeof a) => m.varY + theta ** 2 * m.varX - 2 * theta * m.cov;
  const [Va, Vb] = [adjusted(a), adjusted(b)];
  const difference_ = b.my - theta * b.mx - (a.my - theta * a.mx);
  const df = welchDf(Va, a.n, Vb, b.n);
  const moments = (m: typeof a): Moments => ({ n: m.n, mean: m.my, variance: adjusted(m) });
  if (difference === 'absolute') return checked({ delta: difference_, se: Math.sqrt(Vb / b.n + Va / a.n), df, theta }, moments(a), moments(b));
  if (a.my === 0) return { delta: Number.NaN, se: Number.NaN, df: Number.NaN, theta, undefinedBecause: 'the control’s figure is 0, so no relative effect' };
  const ratio = b.my / a.my;
  const variance = Vb / (b.n * a.my ** 2) + (a.varY * ratio ** 2 - 2 * theta * a.cov * ratio + theta ** 2 * a.varX) / (a.n * a.my ** 2);
  return checked({ delta: difference_ / Math.abs(a.my), se: Math.sqrt(variance), df, theta }, moments(a), moments(b));
}
