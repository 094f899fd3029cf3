import { describe, expect, it } from 'vitest';
import { quintileScores } from '../../src/metrics/customers/rfm.js';
import { runEvents } from '../helpers/events.js';

// engage rfm, worked by hand: scores are 1 + ⌊5 × customers with a worse value / customers⌋.

describe('quintile scores', () => {
  it('five customers with different values get 1 to 5; lower is better for recency', () => {
    expect(quintileScores([10, 50, 30, 20, 40], 'higher')).toEqual([1, 5, 3, 2, 4]);
    expect(quintileScores([10, 50, 30, 20, 40], 'lower')).toEqual([5, 1, 3, 4, 2]);
  });

  it('equal values get equal scores: ten customers, six with one order', () => {
    // One order: nobody is worse → 1. Two orders: 6 of 10 worse → 1 + ⌊3⌋ = 4. Five: 9 worse → 5.
    expect(quintileScores([1, 1, 1, 1, 1, 1, 2, 2, 2, 5], 'higher')).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 4, 5]);
  });
});

describe('engage rfm', () => {
  // Observed to 2026-03-31. a: recent, 3 orders, 300; b: 2 orders, 60; c: long ago, 1 order, 10; d: recent, 1 order, 20; e: 2 orders, 500.
  const LOG = [
    'customer_id,date,amount,order_id',
    'a,2026-01-05,100,o1', 'a,2026-02-05,100,o2', 'a,2026-03-30,100,o3',
    'b,2026-01-10,30,o4', 'b,2026-02-20,30,o5',
    'c,2026-01-02,10,o6',
    'd,2026-03-28,20,o7',
    'e,2026-01-15,250,o8', 'e,2026-03-01,250,o9',
  ].join('\n');

  it('scores each customer and names the segment from R and the mean of F and M', async () => {
    const { rows } = await runEvents('rfm', LOG, { observationEnd: '2026-03-31', perCustomer: true });
    // Recency days: a 1, b 39, c 88, d 3, e 30 → R 5, 2, 1, 4, 3.
    // Orders: 3, 2, 1, 1, 2 → F 5, 3, 1, 1, 3 (two customers with one order are worse than b and e).
    // Revenue: 300, 60, 10, 20, 500 → M 4, 3, 1, 2, 5.
    expect(rows.map((r) => [r.customer_id, r.recency_days, r.r, r.f, r.m, r.rfm_cell, r.segment])).toEqual([
      ['a', 1, 5, 5, 4, '554', 'Champions'], // FM 4.5 → 5
      ['b', 39, 2, 3, 3, '233', 'At risk'], // FM 3
      ['c', 88, 1, 1, 1, '111', 'Lost'],
      ['d', 3, 4, 1, 2, '412', 'Potential loyalist'], // FM 1.5 → 2
      ['e', 30, 3, 3, 5, '335', 'Loyal'], // FM 4
    ]);
  });

  it('sums each segment, the overall row last', async () => {
    const { rows } = await runEvents('rfm', LOG, { observationEnd: '2026-03-31' });
    expect(rows.map((r) => [r.segment, r.customers, r.revenue])).toEqual([
      ['Champions', 1, 300], ['Loyal', 1, 500], ['Potential loyalist', 1, 20], ['At risk', 1, 60], ['Lost', 1, 10], ['all', 5, 890],
    ]);
    expect(rows[1].revenue_share).toBeCloseTo(500 / 890, 12);
    expect(rows[5].mean_recency_days).toBeCloseTo((1 + 39 + 88 + 3 + 30) / 5, 12);
  });

  it('--list SEGMENT: its customers, the name in any case', async () => {
    const { rows } = await runEvents('rfm', LOG, { observationEnd: '2026-03-31', list: 'at risk' });
    expect(rows).toEqual([{ customer_id: 'b', segment: 'At risk' }]);
  });
});
