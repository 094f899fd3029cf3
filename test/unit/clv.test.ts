import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, expectedPurchases, expectedSpend, fitBgNbd, fitGammaGamma, gammaGammaLogLikelihood, lifetimeValue, pAlive } from '../../src/metrics/customers/models.js';
import { hyp2f1, lgamma } from '../../src/kernels/special-functions.js';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// engage clv against published fits of the CDNOW sample (2,357 customers
// observed to 1997-09-30): BG/NBD r 0.243, α 4.414 weeks, a 0.793, b 2.426
// (Fader, Hardie and Lee 2005, "Counting your customers the easy way", fitted on
// Hardie's weekly summary: engage's daily summary ÷ 7, so α in days is 7 × 4.414);
// Gamma-Gamma p 6.25, q 3.74, v 15.44 (Fader, Hardie and Lee 2005, "RFM and CLV",
// and Fader and Hardie's note "The Gamma-Gamma model of monetary value", 2013).
// The formulas' values are worked by hand below with simple parameters.

const CDNOW = readFileSync('fixtures/cdnow_sample.csv', 'utf8');
const threeDigits = (value: unknown) => Number((value as number).toPrecision(3));

describe('engage clv --params on the CDNOW sample', () => {
  it('fits the published BG/NBD and Gamma-Gamma parameters to three significant digits', async () => {
    const { rows, notes } = await runEvents('clv', CDNOW, { observationEnd: '1997-09-30', params: true });
    const value = (model: string, parameter: string) => rows.find((r) => r.model === model && r.parameter === parameter)!.value;
    expect(threeDigits(value('bg_nbd', 'r'))).toBe(0.243);
    expect(threeDigits((value('bg_nbd', 'alpha') as number) / 7)).toBe(4.41);
    expect(threeDigits(value('bg_nbd', 'a'))).toBe(0.793);
    expect(threeDigits(value('bg_nbd', 'b'))).toBe(2.43);
    expect(threeDigits(value('gamma_gamma', 'p'))).toBe(6.25);
    expect(threeDigits(value('gamma_gamma', 'q'))).toBe(3.74);
    expect(threeDigits(value('gamma_gamma', 'v'))).toBe(15.4);
    expect(notes).toContain('frequency and monetary value of the 946 repeat customers correlate at 0.114 (Gamma-Gamma assumes none)');
  });

  it('fits weekly times (whole calendar weeks, another summary) without trouble, and per customer gives finite figures', async () => {
    const { rows } = await runEvents('clv', CDNOW, { observationEnd: '1997-09-30', freq: 'week', horizon: 52, discount: 0.01 });
    expect(rows).toHaveLength(2357);
    for (const row of rows) for (const name of ['p_alive', 'expected_purchases', 'expected_spend', 'clv']) expect(Number.isFinite(row[name]), `${row.customer_id} ${name}`).toBe(true);
    // Customer 3 bought once: P(alive) is 1 by the model (no repeat purchase to have died after).
    expect(rows[2]).toMatchObject({ customer_id: '3', frequency: 0, p_alive: 1 });
  });

  it('says when a fit ran to the edge of its parameters: 18 customers are too few for the models', async () => {
    const { notes } = await runEvents('clv', readFileSync('fixtures/orders.csv', 'utf8'), { freq: 'month' });
    expect(notes.some((n) => n.startsWith('warning: the BG/NBD fit ran to the edge of its parameters'))).toBe(true);
    expect(notes.some((n) => n.startsWith('warning: the Gamma-Gamma fit ran to the edge'))).toBe(true);
  });

  it('refuses a log where nobody bought twice: there is nothing to fit', async () => {
    const error = await failure(runEvents('clv', 'customer_id,date\na,2026-01-01\nb,2026-01-02\n'));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('no customer bought twice');
  });
});

describe('the fits', () => {
  it('report the log-likelihood of the data as given: the sum of each customer’s, at the fitted parameters', () => {
    // Times scaled while fitting and triples counted once must not change the likelihood reported.
    const customers = [
      { frequency: 2, recency: 30, T: 40 }, { frequency: 0, recency: 0, T: 35 }, { frequency: 5, recency: 38, T: 39 },
      { frequency: 1, recency: 3, T: 20 }, { frequency: 0, recency: 0, T: 35 }, { frequency: 3, recency: 10, T: 38 },
    ];
    const fit = fitBgNbd(customers);
    const sum = customers.reduce((total, c) => total + bgNbdLogLikelihood(fit.r, fit.alpha, fit.a, fit.b, c), 0);
    expect(fit.logLikelihood).toBeCloseTo(sum, 5);
    const spends = [{ frequency: 2, monetary: 20 }, { frequency: 1, monetary: 35 }, { frequency: 4, monetary: 12 }, { frequency: 2, monetary: 50 }];
    const gg = fitGammaGamma(spends)!;
    expect(gg.logLikelihood).toBeCloseTo(spends.reduce((total, c) => total + gammaGammaLogLikelihood(gg.p, gg.q, gg.v, c.frequency, c.monetary), 0), 5);
  });
});

describe('the formulas, worked by hand', () => {
  const model = { r: 1, alpha: 1, a: 2, b: 1, logLikelihood: 0 };

  it('P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))', () => {
    // x = 1, t_x = 1, T = 2: 1 / (1 + 2/1 · (3/2)²) = 1 / 5.5.
    expect(pAlive(model, { frequency: 1, recency: 1, T: 2 })).toBeCloseTo(1 / 5.5, 14);
    expect(pAlive(model, { frequency: 0, recency: 0, T: 5 })).toBe(1);
  });

  it('expected purchases: (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive)', () => {
    // x = 0, T = 0, t = 1: 2 · [1 − ½ · 2F1(1, 1; 2; ½)], and 2F1(1, 1; 2; z) = −ln(1 − z)/z = 2 ln 2.
    expect(expectedPurchases(model, { frequency: 0, recency: 0, T: 0 }, 1)).toBeCloseTo(2 * (1 - Math.LN2), 12);
    expect(hyp2f1(1, 1, 2, 0.9)).toBeCloseTo(-Math.log(0.1) / 0.9, 12);
  });

  it('expected spend and CLV: without discount, CLV is the expected purchases times the expected spend', () => {
    const gg = { p: 6, q: 4, v: 15, logLikelihood: 0, customers: 0 };
    // (p·(v + x·m)) / (p·x + q − 1) = 6 · (15 + 2·20) / (12 + 3) = 22.
    expect(expectedSpend(gg, 2, 20)).toBeCloseTo(22, 12);
    const customer = { frequency: 2, recency: 3, T: 5 };
    expect(lifetimeValue(model, customer, 22, 10, 0)).toBeCloseTo(expectedPurchases(model, customer, 10) * 22, 10);
    expect(lifetimeValue(model, customer, 22, 10, 0.05)).toBeLessThan(expectedPurchases(model, customer, 10) * 22);
  });

  it('lgamma: ln Γ at integers and halves, and large arguments without overflow', () => {
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // ln 170! (Γ(171) is near the largest double), and far past it.
    let logFactorial = 0;
    for (let k = 2; k <= 170; k++) logFactorial += Math.log(k);
    expect(lgamma(171)).toBeCloseTo(logFactorial, 9);
    expect(Number.isFinite(lgamma(1e6))).toBe(true);
  });
});
