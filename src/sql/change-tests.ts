// How --compare tests a figure's change (experiments.md "Significance on
// --compare"): the kind of test and the columns of its inputs, and the
// statistic as SQL over a row and its earlier row. The p-value is engage's
// (src/metrics/significance.ts): the engines have no Student t.

/** NPS's z test, a rate's pooled two-proportion z test, a mean's Welch t; the inputs by column name. */
export type ChangeTest =
  | { figure: string; kind: 'nps'; n: string; promoters: string; detractors: string }
  | { figure: string; kind: 'proportion'; n: string; successes: string }
  | { figure: string; kind: 'mean'; n: string; mean: string; sd: string };

/** The statistic as SQL over a row's columns (`now.` and `before.` prefixes) and its degrees of freedom (NULL for z): the SQL engines' half of the test. */
export function changeStatisticSql(test: ChangeTest, now: (column: string) => string, before: (column: string) => string, double: (value: string) => string): { statistic: string; df: string } {
  const [n2, n1] = [double(now(test.n)), double(before(test.n))];
  const enough = `${n1} >= 2 AND ${n2} >= 2`;
  if (test.kind === 'nps') {
    const net = (get: (column: string) => string, n: string) => `(${double(get(test.promoters))} - ${get(test.detractors)}) / ${n}`;
    const spread = (get: (column: string) => string, n: string) => `((${double(get(test.promoters))} + ${get(test.detractors)}) / ${n} - power(${net(get, n)}, 2)) / ${n}`;
    const variance = `(${spread(before, n1)} + ${spread(now, n2)})`;
    return { statistic: `CASE WHEN ${enough} AND ${variance} > 0 THEN (${net(now, n2)} - ${net(before, n1)}) / sqrt(${variance}) END`, df: double('NULL') };
  }
  if (test.kind === 'proportion') {
    const [x2, x1] = [double(now(test.successes)), double(before(test.successes))];
    const pooled = `((${x1} + ${x2}) / (${n1} + ${n2}))`;
    const se = `sqrt(${pooled} * (1 - ${pooled}) * (1 / ${n1} + 1 / ${n2}))`;
    return { statistic: `CASE WHEN ${enough} AND ${pooled} > 0 AND ${pooled} < 1 THEN (${x2} / ${n2} - ${x1} / ${n1}) / ${se} END`, df: double('NULL') };
  }
  const [v2, v1] = [`power(${double(now(test.sd))}, 2)`, `power(${double(before(test.sd))}, 2)`];
  const spread = `(${v2} / ${n2} + ${v1} / ${n1})`;
  return {
    statistic: `CASE WHEN ${enough} AND ${spread} > 0 THEN (${double(now(test.mean))} - ${before(test.mean)}) / sqrt(${spread}) END`,
    df: `CASE WHEN ${enough} AND ${spread} > 0 THEN power(${spread}, 2) / (power(${v2}, 2) / (power(${n2}, 2) * (${n2} - 1)) + power(${v1}, 2) / (power(${n1}, 2) * (${n1} - 1))) END`,
  };
}
