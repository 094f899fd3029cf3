// A minimizer for the few parameters of a likelihood (4 for BG/NBD, 3 for
// Gamma-Gamma): the Nelder–Mead simplex with the usual coefficients, restarted
// from its best point until a restart finds nothing better (one run can stall
// on a ridge, and the likelihoods here have long curved ones).

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
}

export function minimize(f: (x: number[]) => number, start: number[], options: { step?: number; tolerance?: number; maxIterations?: number } = {}): Minimum {
  const step = options.step ?? 0.5;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 20_000;
  let best = simplexRun(f, start, step, tolerance, maxIterations);
  let iterations = best.iterations;
  for (let restart = 0; restart < 20; restart++) {
    const next = simplexRun(f, best.x, step / 4, tolerance, maxIterations);
    iterations += next.iterations;
    const improved = best.value - next.value > tolerance * (Math.abs(best.value) + tolerance);
    if (next.value < best.value) best = next;
    if (!improved) break;
  }
  return { ...best, iterations };
}

function simplexRun(f: (x: number[]) => number, start: number[], step: number, tolerance: number, maxIterations: number): Minimum {
  const n = start.length;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let points = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  let values = points.map(value);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    points = order.map((i) => points[i]);
    values = order.map((i) => values[i]);
    const spread = Math.abs(values[n] - values[0]);
    if (spread <= tolerance * (Math.abs(values[0]) + tolerance) && iterations > 0) break;
    const centroid = Array.from({ length: n }, (_, j) => points.slice(0, n).reduce((sum, p) => sum + p[j], 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (points[n][j] - c));
    const reflected = along(-1);
    const fr = value(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = value(expanded);
      [points[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [points[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = value(contracted);
      if (fc < Math.min(fr, values[n])) [points[n], values[n]] = [contracted, fc];
      else {
        // Shrink towards the best point.
        for (let i = 1; i <= n; i++) {
          points[i] = points[i].map((v, j) => points[0][j] + 0.5 * (v - points[0][j]));
          values[i] = value(points[i]);
        }
      }
    }
  }
  const bestAt = values.indexOf(Math.min(...values));
  return { x: points[bestAt], value: values[bestAt], iterations };
}
