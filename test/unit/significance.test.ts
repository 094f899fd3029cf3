import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';
import { runEvents } from '../helpers/events.js';

// --compare's p-values (experiments.md "Significance on --compare"): each
// expected figure worked by hand or computed by SciPy (named where used).

describe('NPS: the z test of two independent samples', () => {
  it('fixtures/answers.csv, February against January: z 3.0607, p 0.0022, significant', async () => {
    // January: 12 answers, 3 promoters, 6 detractors (NPS −25); February: 12, 9 and 1 (NPS 66.67).
    // Var = (p + d − (p − d)²) / n: (0.75 − 0.0625) / 12 and (0.8333 − 0.4444) / 12; z = 0.9167 / √0.0897 = 3.0607;
    // p = erfc(z / √2) = 0.0022083740067961586 (Python's math.erfc).
    const { rows } = await compute('nps', readFileSync('fixtures/answers.csv'), { period: 'month', compare: 'previous' });
    expect(rows[1].nps_p_value).toBeCloseTo(0.0022083740067961586, 12);
    expect(rows[1].nps_significant).toBe(true);
    // The first period has nothing to compare with; the overall row is no period.
    expect([rows[0].nps_p_value, rows.at(-1)!.nps_p_value]).toEqual([null, null]);
  });
});

describe('rates: the pooled two-proportion z test', () => {
  it('a repeat rate of 30 of 100 against 45 of 100: z 2.1909, p 0.02846', async () => {
    // Pooled 75/200; z = 0.15 / √(0.375 · 0.625 · 0.02) = 2.1908902300206647; p = erfc(z/√2) = 0.02845973691631057.
    const buyers = (month: string, n: number, repeaters: number) =>
      Array.from({ length: n }, (_, i) => [`${month}-${i}`, ...(i < repeaters ? [1, 2] : [1])].slice(1).map((day) => `c${month}${i},2026-${month}-0${day}T10:00:00Z,purchase`)).flat();
    const log = ['customer_id,timestamp,event', ...buyers('01', 100, 30), ...buyers('02', 100, 45)].join('\n');
    const { rows } = await runEvents('repeat', log, { period: 'month', compare: 'previous', until: '2026-03-01' });
    expect([rows[0].repeat_rate, rows[1].repeat_rate]).toEqual([0.3, 0.45]);
    expect(rows[1].repeat_rate_p_value).toBeCloseTo(0.02845973691631057, 12);
    expect(rows[1].repeat_rate_significant).toBe(true);
  });

  it('churn: the rate of churned over active_before, the same test for churn and retention', async () => {
    const { rows } = await runEvents('churn', readFileSync('fixtures/orders.csv'), { compare: 'previous' });
    // March against February: 10 of 13 churned against 5 of 8.
    const march = rows[2];
    expect([march.active_before, march.churned]).toEqual([13, 10]);
    const pooled = 15 / 21;
    const z = (10 / 13 - 5 / 8) / Math.sqrt(pooled * (1 - pooled) * (1 / 13 + 1 / 8));
    expect(march.churn_rate_p_value).toBeCloseTo(2 * (1 - normal(Math.abs(z))), 7);
    expect(march.retention_rate_p_value).toBe(march.churn_rate_p_value);
  });
});

describe('CES: Welch’s t on the answers', () => {
  it('equals SciPy’s ttest_ind(equal_var=False): t 0.48901, p 0.63090; agree share by the proportion test: p 0.74619', async () => {
    const january = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5];
    const february = [3, 3, 4, 5, 5, 5, 6, 6, 7, 7, 7, 2];
    const lines = [...january.map((s, i) => `a${i},2026-01-1${i % 9},${s}`), ...february.map((s, i) => `b${i},2026-02-1${i % 9},${s}`)];
    const { rows } = await compute('ces', ['respondent_id,date,score', ...lines].join('\n'), { period: 'month', compare: 'previous' });
    // scipy.stats.ttest_ind(february, january, equal_var=False): statistic 0.48900964692182614, pvalue 0.6309043405063839.
    expect(rows[1].ces_p_value).toBeCloseTo(0.6309043405063839, 9);
    expect(rows[1].ces_significant).toBe(false);
    // 6 of 10 against 8 of 12 agree: z 0.32367, p 0.7461883116489225.
    expect(rows[1].agree_share_p_value).toBeCloseTo(0.7461883116489225, 12);
  });
});

describe('nps --vs and --alpha', () => {
  // Store A: 10 answers, 6 promoters, 1 detractor (NPS 50); B: 10 answers, 2 promoters, 5 detractors (NPS −30).
  const answers = (store: string, promoters: number, detractors: number) =>
    Array.from({ length: 10 }, (_, i) => `${store}${i},2026-01-0${1 + (i % 9)},${i < promoters ? 10 : i < promoters + detractors ? 3 : 8},${store}`);
  const text = ['respondent_id,date,score,store', ...answers('A', 6, 1), ...answers('B', 2, 5)].join('\n');

  it('tests each group’s NPS against one group’s; that group and the overall row get none', async () => {
    const { rows } = await compute('nps', text, { groupBy: ['store'], vs: 'A' });
    // Var: (0.7 − 0.25) / 10 = 0.045 and (0.7 − 0.09) / 10 = 0.061; z = (−0.3 − 0.5) / √0.106 = −2.4572; p = erfc(2.4572/√2).
    const z = -0.8 / Math.sqrt(0.106);
    expect(rows.map((r) => r.store)).toEqual(['A', 'B', 'all']);
    expect(rows[1].nps_vs_p_value).toBeCloseTo(2 * (1 - normal(Math.abs(z))), 7);
    expect(rows[1].nps_vs_significant).toBe(true);
    expect([rows[0].nps_vs_p_value, rows[2].nps_vs_p_value]).toEqual([null, null]);
  });

  it('--alpha sets the level: p 0.014 is not significant at 0.01', async () => {
    const { rows } = await compute('nps', text, { groupBy: ['store'], vs: 'A', alpha: 0.01 });
    expect(rows[1].nps_vs_p_value as number).toBeGreaterThan(0.01);
    expect(rows[1].nps_vs_significant).toBe(false);
  });

  it('a --vs that is no group, --vs without --group-by and --alpha without a test are errors', async () => {
    const { failure } = await import('../helpers/rate.js');
    expect((await failure(compute('nps', text, { groupBy: ['store'], vs: 'C' }))).message).toBe('--vs C is not a value of store');
    expect((await failure(compute('nps', text, { vs: 'A' }))).message).toContain('--vs tests each group against one');
    expect((await failure(compute('nps', text, { alpha: 0.01 }))).message).toContain('--alpha has nothing to act on here');
  });
});

/** Φ by the error function's series, for this test's own arithmetic. */
function normal(z: number): number {
  let [term, sum] = [z, z];
  for (let n = 1; n < 200; n++) {
    term *= (-z * z) / 2 / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 + sum / Math.sqrt(2 * Math.PI);
}
