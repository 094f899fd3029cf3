import { minimize } from './nelder-mead.js';
import { hyp2f1, lbeta, lgamma, logAddExp } from '../../kernels/special-functions.js';

// The two models of METRICS.md "Lifetime value", fitted by maximum
// likelihood: BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers
// the easy way") on frequency, recency and T; Gamma-Gamma (Fader, Hardie and
// Lee 2005, "RFM and CLV") on the repeat customers' mean spend. Parameters
// are fitted as logarithms (they are positive) with Nelder–Mead; times are
// scaled so that the longest T is 10 while fitting, as an optimizer copes
// badly with an α in the hundreds of days, and α is scaled back.

export interface Rfm {
  frequency: number;
  recency: number;
  T: number;
}

export interface BgNbd {
  r: number;
  alpha: number;
  a: number;
  b: number;
  logLikelihood: number;
}

export interface GammaGamma {
  p: number;
  q: number;
  v: number;
  logLikelihood: number;
  /** Customers it was fitted on: those with a repeat purchase. */
  customers: number;
}

/**
 * The BG/NBD log-likelihood of one customer (x, t_x, T), the paper's equation 6: still
 * alive at T, or (with a repeat purchase) gone just after the last one at t_x.
 */
export function bgNbdLogLikelihood(r: number, alpha: number, a: number, b: number, { frequency: x, recency: tx, T }: Rfm): number {
  const purchases = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const alive = lbeta(a, b + x) - lbeta(a, b) - (r + x) * Math.log(alpha + T);
  const gone = x > 0 ? lbeta(a + 1, b + x - 1) - lbeta(a, b) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
  return purchases + logAddExp(alive, gone);
}

/**
 * Fits BG/NBD to the customers' (frequency, recency, T). Equal triples are counted once,
 * and the terms of a frequency are made once per evaluation: a million customers are a
 * few hundred thousand triples of a few dozen frequencies.
 */
export function fitBgNbd(customers: readonly Rfm[]): BgNbd {
  const maxT = customers.reduce((m, c) => Math.max(m, c.T), 0);
  const scale = maxT > 0 ? 10 / maxT : 1;
  const triples = countedTriples(customers, scale);
  const maxX = triples.x.reduce((m, x) => Math.max(m, x), 0);
  const purchases = new Float64Array(maxX + 1);
  const alive = new Float64Array(maxX + 1);
  const gone = new Float64Array(maxX + 1);
  const negative = ([lr, la, lA, lb]: number[]) => {
    const [r, alpha, a, b] = [Math.exp(lr), Math.exp(la), Math.exp(lA), Math.exp(lb)];
    const base = lbeta(a, b);
    for (let x = 0; x <= maxX; x++) {
      purchases[x] = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
      alive[x] = lbeta(a, b + x) - base;
      gone[x] = x > 0 ? lbeta(a + 1, b + x - 1) - base : Number.NEGATIVE_INFINITY;
    }
    let sum = 0;
    for (let i = 0; i < triples.count.length; i++) {
      const x = triples.x[i];
      const stays = alive[x] - (r + x) * Math.log(alpha + triples.T[i]);
      const left = x > 0 ? gone[x] - (r + x) * Math.log(alpha + triples.tx[i]) : Number.NEGATIVE_INFINITY;
      sum += triples.count[i] * (purchases[x] + logAddExp(stays, left));
    }
    return -sum;
  };
  const best = minimize(negative, [0, 0, 0, 0]);
  const [r, alphaScaled, a, b] = best.x.map(Math.exp);
  const alpha = alphaScaled / scale;
  // In the data's own time unit: scaling times by s adds −x · ln s to a customer's log-likelihood.
  let purchasesMade = 0;
  for (let i = 0; i < triples.count.length; i++) purchasesMade += triples.count[i] * triples.x[i];
  return { r, alpha, a, b, logLikelihood: -best.value + purchasesMade * Math.log(scale) };
}

/** P(alive) of a customer: 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). */
export function pAlive({ r, alpha, a, b }: BgNbd, { frequency: x, recency: tx, T }: Rfm): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Expected purchases in the next t units of a customer with (x, t_x, T) (the paper's equation 10). */
export function expectedPurchases(model: BgNbd, customer: Rfm, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = model;
  const { frequency: x, T } = customer;
  const z = t / (alpha + T + t);
  const bracket = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  return (((a + b + x - 1) / (a - 1)) * bracket) * pAlive(model, customer);
}

/** The Gamma-Gamma log-likelihood of a repeat customer: x purchases of mean m. */
export function gammaGammaLogLikelihood(p: number, q: number, v: number, x: number, m: number): number {
  const px = p * x;
  return lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(x * m + v);
}

/**
 * Fits Gamma-Gamma to the customers with a repeat purchase and a positive mean spend. The
 * terms of a frequency are made once per evaluation; a customer adds one logarithm.
 */
export function fitGammaGamma(customers: readonly { frequency: number; monetary: number }[]): GammaGamma | undefined {
  const repeat = customers.filter((c) => c.frequency > 0 && c.monetary > 0);
  if (repeat.length < 2) return undefined;
  const x = Int32Array.from(repeat, (c) => c.frequency);
  const m = Float64Array.from(repeat, (c) => c.monetary);
  const maxX = x.reduce((high, v) => Math.max(high, v), 0);
  // Per frequency: customers, and Σ ln m of their mean spends.
  const customersAt = new Float64Array(maxX + 1);
  const logSpendAt = new Float64Array(maxX + 1);
  for (let i = 0; i < x.length; i++) {
    customersAt[x[i]]++;
    logSpendAt[x[i]] += Math.log(m[i]);
  }
  const negative = ([lp, lq, lv]: number[]) => {
    const [p, q, v] = [Math.exp(lp), Math.exp(lq), Math.exp(lv)];
    let sum = 0;
    for (let f = 1; f <= maxX; f++) {
      if (customersAt[f] === 0) continue;
      const pf = p * f;
      sum += customersAt[f] * (lgamma(pf + q) - lgamma(pf) - lgamma(q) + q * Math.log(v) + pf * Math.log(f)) + (pf - 1) * logSpendAt[f];
    }
    for (let i = 0; i < x.length; i++) sum -= (p * x[i] + q) * Math.log(x[i] * m[i] + v);
    return -sum;
  };
  const best = minimize(negative, [0, 0, 0]);
  const [p, q, v] = best.x.map(Math.exp);
  return { p, q, v, logLikelihood: -best.value, customers: repeat.length };
}

/** Expected spend per purchase of a customer: (p·(v + x·m)) / (p·x + q − 1); the population mean p·v/(q−1) without repeats. */
export function expectedSpend({ p, q, v }: GammaGamma, frequency: number, monetary: number): number {
  return (p * (v + frequency * monetary)) / (p * frequency + q - 1);
}

/** CLV over `horizon` units: each unit's expected purchases × expected spend, discounted per unit. */
export function lifetimeValue(model: BgNbd, customer: Rfm, spend: number, horizon: number, discount: number): number {
  let value = 0;
  let before = 0;
  for (let i = 1; i <= horizon; i++) {
    const by = expectedPurchases(model, customer, i);
    value += ((by - before) * spend) / (1 + discount) ** i;
    before = by;
  }
  return value;
}

/** Pearson's correlation of two equally long lists; null when either does not vary. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / n;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** Equal (x, t_x, T) triples counted once, times scaled, as columns. */
function countedTriples(customers: readonly Rfm[], scale: number): { x: Int32Array; tx: Float64Array; T: Float64Array; count: Float64Array } {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const count: number[] = [];
  for (const c of customers) {
    const key = `${c.frequency},${c.recency},${c.T}`;
    const at = index.get(key);
    if (at !== undefined) count[at]++;
    else {
      index.set(key, count.length);
      x.push(c.frequency);
      tx.push(c.recency * scale);
      T.push(c.T * scale);
      count.push(1);
    }
  }
  return { x: Int32Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), count: Float64Array.from(count) };
}
