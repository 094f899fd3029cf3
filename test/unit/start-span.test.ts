import { describe, expect, it } from 'vitest';
import { StartSpan } from '../../src/metrics/funnel/start-span.js';

// A funnel's first and last start per customer. A part read on another
// thread is renumbered lazily: its mapping is applied as it merges, or when
// it is read as it is.

describe('StartSpan', () => {
  it('keeps each customer’s first and last start, and a renumbered part merges or reads in the whole’s numbers', () => {
    const whole = new StartSpan();
    whole.see(0, 50);
    whole.see(1, 10);
    const part = new StartSpan();
    part.see(0, 40); // the whole's customer 1
    part.see(0, 70);
    part.see(1, 5); // a customer new to the whole, its 2
    part.remapCustomers(Int32Array.from([1, 2]));
    whole.merge(part);
    expect([...whole.first.subarray(0, 3)]).toEqual([50, 10, 5]);
    expect([...whole.last.subarray(0, 3)]).toEqual([50, 70, 5]);
    // Read without a merge, renumbered twice (the mappings compose): part's 0 → 1 → 3, 1 → 2 → 0.
    const again = new StartSpan();
    again.see(0, 40);
    again.see(1, 5);
    again.remapCustomers(Int32Array.from([1, 2]));
    again.remapCustomers(Int32Array.from([9, 3, 0]));
    expect([...again.first.subarray(0, 4)]).toEqual([5, Infinity, Infinity, 40]);
  });
});
