import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, normalCdf, normalQuantile, studentCdf, studentQuantile } from '../../src/kernels/distributions.js';
import { effectOf } from '../../src/metrics/experiment/effect.js';
import { bayesian, sampleRatioMismatch, sequentialTest, tTest } from '../../src/metrics/experiment/inference.js';
import type { ArmSums } from '../../src/metrics/experiment/moments.js';

// The statistics of engage experiment against GrowthBook's published test
// cases (gbstats, packages/stats/tests: frequentist/test_tests.py,
// bayesian/test_tests.py, test_gbstats.py), to their printed precision.

const round = (x: number, decimals = 5) => Math.round(x * 10 ** decimals) / 10 ** decimals;
const mean = (n: number, sum: number, sumSquares: number): ArmSums => ({ n, sum, sumSquares });
const proportion = (n: number, sum: number): ArmSums => ({ n, sum, sumSquares: sum });

describe('distributions, against reference values (SciPy 1.x)', () => {
  it('normal, Student t and χ² to about 1e-10', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalCdf(-10)).toBeCloseTo(7.619853024160527e-24, 30);
    expect(studentQuantile(0.975, 10)).toBeCloseTo(2.2281388519649385, 10);
    expect(studentQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 10);
    expect(studentCdf(2, 3.5)).toBeGreaterThan(studentCdf(2, 3));
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
  });
});

describe('frequentist (frequentist/test_tests.py)', () => {
  const a = mean(3407, 1396.87, 52377.9767);
  const b = mean(3461, 2422.7, 134698.29);

  it('test_two_sided_ttest: relative 0.70732, CI (−0.03526, 1.44989), se 0.37879, p 0.06191', () => {
    const effect = effectOf('mean', a, b, 'relative');
    const result = tTest(effect, 0.05, 'two');
    expect([effect.delta, result.low, result.high, effect.se, result.pValue].map((x) => round(x))).toEqual([0.70732, -0.03526, 1.44989, 0.37879, 0.06191]);
  });

  it('test_two_sided_ttest_absolute: 0.29, CI (0.04538, 0.53462), se 0.12478, p 0.02016', () => {
    const effect = effectOf('mean', a, b, 'absolute');
    const result = tTest(effect, 0.05, 'two');
    expect([effect.delta, result.low, result.high, effect.se, result.pValue].map((x) => round(x))).toEqual([0.29, 0.04538, 0.53462, 0.12478, 0.02016]);
  });

  it('test_two_sided_ttest_binom: 14 of 28 against 16 of 30, relative 0.06667, CI (−0.47767, 0.61101), p 0.80707', () => {
    const effect = effectOf('proportion', proportion(28, 14), proportion(30, 16), 'relative');
    const result = tTest(effect, 0.05, 'two');
    expect([effect.delta, result.low, result.high, effect.se, result.pValue].map((x) => round(x))).toEqual([0.06667, -0.47767, 0.61101, 0.2717, 0.80707]);
  });

  it('test_two_sided_ttest_missing_variance: an arm of 2 users with no variance has no result', () => {
    expect(effectOf('mean', mean(2, 1396.87, 52377.9767), b, 'relative').undefinedBecause).toBeDefined();
  });

  const a3000 = mean(3000, 1396.87, 52377.9767);
  it('one-sided, the variant greater (TestOneSidedGreaterTTest): relative CI (−0.04514, ∞), p 0.06558; absolute (0.02079, ∞), p 0.03554', () => {
    const rel = effectOf('mean', a3000, b, 'relative');
    const greater = tTest(rel, 0.05, 'greater');
    expect([rel.delta, rel.se, greater.low, greater.pValue].map((x) => round(x))).toEqual([0.50336, 0.33341, -0.04514, 0.06558]);
    expect(greater.high).toBe(Number.POSITIVE_INFINITY);
    const abs = effectOf('mean', a3000, b, 'absolute');
    const absGreater = tTest(abs, 0.05, 'greater');
    expect([abs.delta, abs.se, absGreater.low, absGreater.pValue].map((x) => round(x))).toEqual([0.23438, 0.12983, 0.02079, 0.03554]);
  });

  it('one-sided, the variant lesser (TestOneSidedLesserTTest): relative (−∞, 1.05186), p 0.93442; absolute (−∞, 0.44796), p 0.96446', () => {
    const less = tTest(effectOf('mean', a3000, b, 'relative'), 0.05, 'less');
    expect([less.high, less.pValue].map((x) => round(x))).toEqual([1.05186, 0.93442]);
    expect(less.low).toBe(Number.NEGATIVE_INFINITY);
    const absLess = tTest(effectOf('mean', a3000, b, 'absolute'), 0.05, 'less');
    expect([absLess.high, absLess.pValue].map((x) => round(x))).toEqual([0.44796, 0.96446]);
  });
});

describe('sequential (TestSequentialTTest)', () => {
  const b = mean(3461, 2422.7, 134698.29);
  it('test_sequential_test_runs: τ = 1000, 0.50336, CI (−0.55844, 1.56516), p 1', () => {
    const effect = effectOf('mean', mean(3000, 1396.87, 52377.9767), b, 'relative');
    const result = sequentialTest(effect, 6461, 0.05, 1000);
    expect([effect.delta, result.low, result.high, result.pValue].map((x) => round(x))).toEqual([0.50336, -0.55844, 1.56516, 1]);
  });

  it('test_sequential_test_runs_prop: τ = 5000, 0.50386, CI (0.40098, 0.60675), se 0.03386, p 0', () => {
    const effect = effectOf('proportion', proportion(3000, 1396), proportion(3461, 2422), 'relative');
    const result = sequentialTest(effect, 6461, 0.05, 5000);
    expect([effect.delta, result.low, result.high, effect.se, result.pValue].map((x) => round(x))).toEqual([0.50386, 0.40098, 0.60675, 0.03386, 0]);
  });

  it('test_sequential_test_runs_ra: CUPED with θ from the pooled sums, 0.50338, CI (−0.50969, 1.51646), se 0.33341', () => {
    const control: ArmSums = { ...mean(3000, 1396.87, 52377.9767), covariate: { sum: 16.87, sumSquares: 527.9767, sumProducts: 1 } };
    const variant: ArmSums = { ...mean(3461, 2422.7, 134698.29), covariate: { sum: 22.7, sumSquares: 1348.29, sumProducts: 1 } };
    const effect = effectOf('mean', control, variant, 'relative');
    const result = sequentialTest(effect, 6461, 0.05, 5000);
    expect([effect.delta, result.low, result.high, effect.se, result.pValue].map((x) => round(x))).toEqual([0.50338, -0.50969, 1.51646, 0.33341, 1]);
  });
});

describe('Bayesian (bayesian/test_tests.py, the Gaussian effect test)', () => {
  it('test_bayesian_binomial_ab_test: 49 of 100 against 51 of 100', () => {
    const effect = effectOf('proportion', proportion(100, 49), proportion(100, 51), 'relative');
    const result = bayesian(effect, 0.05);
    expect([result.mean, result.low, result.high, result.sd, result.chanceToWin, result.riskControl, result.riskVariant].map((x) => round(x))).toEqual([0.04082, -0.24779, 0.32943, 0.14725, 0.60918, 0.0814, 0.04058]);
  });

  it('test_bayesian_gaussian_ab_test: means 10 and 10.5 of 10 users each', () => {
    const effect = effectOf('mean', mean(10, 100, 1002.25), mean(10, 105, 1111.5), 'relative');
    const result = bayesian(effect, 0.05);
    expect([result.mean, result.low, result.high, result.sd, result.chanceToWin, result.riskControl, result.riskVariant].map((x) => round(x))).toEqual([0.05, -0.02, 0.12, 0.03572, 0.91923, 0.05131, 0.00131]);
  });
});

describe('an informative prior, worked by hand', () => {
  it('a prior N(0, se²) halves the estimate and shrinks its sd by √2', () => {
    const effect = effectOf('mean', mean(10, 100, 1002.25), mean(10, 105, 1111.5), 'relative');
    const result = bayesian(effect, 0.05, { mean: 0, variance: effect.se ** 2 });
    expect(result.mean).toBeCloseTo(effect.delta / 2, 15);
    expect(result.sd).toBeCloseTo(effect.se / Math.SQRT2, 15);
    // The chance to win falls from Φ(Δ/se) to Φ(Δ/(√2 se)).
    expect(result.chanceToWin).toBeCloseTo(normalCdf(effect.delta / effect.se / Math.SQRT2), 15);
  });
});

describe('sample-ratio mismatch (test_gbstats.py, test_srm)', () => {
  it('1,000 against 1,200 users on a 50/50 split: p 0.000020079', () => {
    expect(round(sampleRatioMismatch([1000, 1200], [0.5, 0.5]).pValue, 9)).toBe(0.000020079);
  });
});
