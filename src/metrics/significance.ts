import { normalSurvival, studentSurvival } from '../kernels/distributions.js';
import type { Cell, ChangeTest } from './types.js';

export type { ChangeTest };

// Whether a change --compare prints could be noise (experiments.md
// "Significance on --compare"): the two periods as independent samples, a
// z test of NPS, the pooled two-proportion z test of a rate, Welch's t of a
// mean. A table names, for each figure it tests, the columns of its inputs;
// both engines compute the statistic from them, and engage its p-value.

/** The level a change is marked significant at. */
export const CHANGE_ALPHA = 0.05;

/** z (df undefined) or Welch's t with its degrees of freedom. */
export interface TestStatistic {
  statistic: number;
  df?: number;
}

/** The statistic of a change from `before` to `now` (cells by column name); undefined where the test is (fewer than 2 answers, no variance). */
export function changeStatistic(test: ChangeTest, now: (column: string) => Cell, before: (column: string) => Cell): TestStatistic | undefined {
  const num = (get: (column: string) => Cell, column: string) => (typeof get(column) === 'number' ? (get(column) as number) : Number.NaN);
  const [n2, n1] = [num(now, test.n), num(before, test.n)];
  if (!(n1 >= 2 && n2 >= 2)) return undefined;
  if (test.kind === 'nps') {
    const share = (get: (column: string) => Cell, n: number) => [num(get, test.promoters) / n, num(get, test.detractors) / n];
    const [[p2, d2], [p1, d1]] = [share(now, n2), share(before, n1)];
    const variance = (p1 + d1 - (p1 - d1) ** 2) / n1 + (p2 + d2 - (p2 - d2) ** 2) / n2;
    return variance > 0 ? { statistic: (p2 - d2 - (p1 - d1)) / Math.sqrt(variance) } : undefined;
  }
  if (test.kind === 'proportion') {
    const [x2, x1] = [num(now, test.successes), num(before, test.successes)];
    const pooled = (x1 + x2) / (n1 + n2);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    return se > 0 ? { statistic: (x2 / n2 - x1 / n1) / se } : undefined;
  }
  const [v2, v1] = [num(now, test.sd) ** 2, num(before, test.sd) ** 2];
  const se = Math.sqrt(v2 / n2 + v1 / n1);
  if (!(se > 0)) return undefined;
  const df = (v2 / n2 + v1 / n1) ** 2 / (v2 ** 2 / (n2 ** 2 * (n2 - 1)) + v1 ** 2 / (n1 ** 2 * (n1 - 1)));
  return { statistic: (num(now, test.mean) - num(before, test.mean)) / se, df };
}

/** The two-sided p-value of a statistic. */
export function changePValue({ statistic, df }: TestStatistic): number {
  return 2 * (df === undefined ? normalSurvival(Math.abs(statistic)) : studentSurvival(Math.abs(statistic), df));
}
