import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsByCustomer } from '../../src/kernels/by-customer.js';

// Events grouped by customer, each customer's in time order with ties in
// input order, whichever way a customer's events are sorted (a few by
// insertion, many by the typed array's sort).

describe('eventsByCustomer', () => {
  it('orders each customer’s events by time, ties by input order, as a stable sort of the whole does', () => {
    fc.assert(
      fc.property(
        // Few customers and few instants: ties are common, and some customers have more than 16 events.
        fc.array(fc.record({ customer: fc.nat({ max: 5 }), time: fc.integer({ min: -3, max: 6 }) }), { maxLength: 120 }),
        (events) => {
          const customers = Int32Array.from(events, (e) => e.customer);
          const times = Float64Array.from(events, (e) => e.time * 1000);
          const { order, start } = eventsByCustomer(customers, times);
          // The reference: indices sorted by customer, then time, then index.
          const expected = events.map((_, i) => i).sort((a, b) => customers[a] - customers[b] || times[a] - times[b] || a - b);
          expect([...order]).toEqual(expected);
          for (let c = 0; c + 1 < start.length; c++) for (let p = start[c]; p < start[c + 1]; p++) expect(customers[order[p]]).toBe(c);
        },
      ),
      { numRuns: 300 },
    );
  });
});
