import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsByCustomer } from '../../src/kernels/by-customer.js';
import { bestAttempt, customerAttempts, stepTimes, type CompiledRule } from '../../src/metrics/funnel/attempts.js';
import { earliestSteps, earliestStepsApply } from '../../src/metrics/funnel/earliest-steps.js';

// The funnel's pass-per-step path (earliest-steps.ts) against the walk
// (attempts.ts), which is the definition: for random logs with ties, events
// at the window's edge and customers without a start, split into parts as
// threads and groups split a log (a thread's part in its own customer
// numbers), every customer's step instants are the walk's.

const event = fc.record({ customer: fc.nat({ max: 5 }), time: fc.integer({ min: 0, max: 12 }), name: fc.nat({ max: 3 }) });

/** Each customer's step instants as the walk counts them (undefined: never started). */
function walked(events: { customer: number; time: number; name: number }[], rule: CompiledRule): (number[] | undefined)[] {
  const customers = Int32Array.from(events, (e) => e.customer);
  const times = Float64Array.from(events, (e) => e.time);
  const names = Int32Array.from(events, (e) => e.name);
  const { order, start } = eventsByCustomer(customers, times);
  const out: (number[] | undefined)[] = [];
  for (let c = 0; c + 1 < start.length; c++) {
    const mine = { order: order.subarray(start[c], start[c + 1]), times, names };
    const attempt = bestAttempt(customerAttempts(mine, rule, false));
    out[c] = attempt && stepTimes(mine, attempt);
  }
  return out;
}

describe('earliestSteps', () => {
  it('gives each customer the instants the walk gives, whatever the parts', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 60 }),
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 1 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 3 }),
        (events, steps, window, cuts) => {
          const rule: CompiledRule = { order: 'ordered', entry: 'first', window, steps, exclusions: [] };
          const firstStart = new Float64Array(6).fill(Infinity);
          for (const e of events) if (e.name === steps[0]) firstStart[e.customer] = Math.min(firstStart[e.customer], e.time);
          const bounds = [0, ...cuts.map((c) => c % (events.length + 1)).sort((a, b) => a - b), events.length];
          // Every part after the first numbers its customers as a thread does, as it meets them, with the mapping beside it.
          const parts = bounds.slice(1).map((end, i) => {
            const part = events.slice(bounds[i], end);
            const own = new Map<number, number>();
            for (const e of part) if (!own.has(e.customer)) own.set(e.customer, own.size);
            const columns = { times: Float64Array.from(part, (e) => e.time), names: Int32Array.from(part, (e) => e.name) };
            if (i === 0) return { ...columns, customers: Int32Array.from(part, (e) => e.customer) };
            return { ...columns, customers: Int32Array.from(part, (e) => own.get(e.customer)!), whole: Int32Array.from(own.keys()) };
          });
          const instants = earliestSteps(parts, firstStart, rule);
          const expected = walked(events, rule);
          for (let c = 0; c < 6; c++) {
            const reached = instants.map((at) => at[c]).filter((t) => t !== Infinity);
            // Steps are reached in order: no instant after a step that was not reached.
            expect(instants.map((at) => at[c]).slice(reached.length).every((t) => t === Infinity)).toBe(true);
            expect(reached).toEqual(expected[c] ?? []);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a hand-worked case: ties count, the window’s end is inside, a step before the step before is not', () => {
    // Steps 0 → 1 → 2 in 10 ms. Customer 0: start at 5 and 3 (3 counts); step 1 at 2 (before), 3 (tie: counts);
    // step 2 at 13 (the window's end) and 14 (out). Customer 1: step 1 only, never started.
    const parts = [
      { customers: Int32Array.of(0, 0, 0, 1), times: Float64Array.of(5, 2, 13, 4), names: Int32Array.of(0, 1, 2, 1) },
      { customers: Int32Array.of(0, 0, 0), times: Float64Array.of(3, 3, 14), names: Int32Array.of(0, 1, 2) },
    ];
    const rule: CompiledRule = { order: 'ordered', entry: 'first', window: 10, steps: [0, 1, 2], exclusions: [] };
    const instants = earliestSteps(parts, Float64Array.of(3, Infinity), rule);
    expect(instants.map((at) => [...at])).toEqual([
      [3, Infinity],
      [3, Infinity],
      [13, Infinity],
    ]);
  });

  it('a part longer than the pass\'s blocks of 65,536 events: steps at both sides of each block\'s edge and at the end', () => {
    // 200,000 events of customer 4, who never started; customers 0–3 start at 0, 100, 200 and 300 (window 10).
    const length = 200_000;
    const customers = new Int32Array(length).fill(4);
    const times = new Float64Array(length);
    const names = new Int32Array(length).fill(1);
    const put = (at: number, customer: number, time: number, name: number) => {
      [customers[at], times[at], names[at]] = [customer, time, name];
    };
    put(65_535, 0, 5, 1);
    put(65_536, 1, 105, 1);
    put(131_071, 2, 207, 1);
    put(131_072, 0, 8, 2);
    put(length - 1, 3, 310, 1);
    const rule: CompiledRule = { order: 'ordered', entry: 'first', window: 10, steps: [0, 1, 2], exclusions: [] };
    const instants = earliestSteps([{ customers, times, names }], Float64Array.of(0, 100, 200, 300, Infinity), rule);
    expect([...instants[1]]).toEqual([5, 105, 207, 310, Infinity]);
    expect([...instants[2]]).toEqual([8, Infinity, Infinity, Infinity, Infinity]);
  });

  it('a part whose every event is near its window: the positions kept before the array grows are kept after', () => {
    // 300,000 events of customer 0 (start 0, window 10), all within it; step 3's earliest is among the first.
    const length = 300_000;
    const customers = new Int32Array(length);
    const times = Float64Array.from({ length }, (_, i) => (i % 2 === 0 ? 3 : 9));
    const names = Int32Array.from({ length }, (_, i) => (i % 2 === 0 ? 1 : 2));
    [times[7], names[7]] = [5, 2];
    [times[250_001], names[250_001]] = [1, 1];
    const rule: CompiledRule = { order: 'ordered', entry: 'first', window: 10, steps: [0, 1, 2], exclusions: [] };
    const instants = earliestSteps([{ customers, times, names }], Float64Array.of(0), rule);
    expect([instants[1][0], instants[2][0]]).toEqual([1, 5]);
  });

  it('applies only where the walk is a chain of earliest events', () => {
    const rule: CompiledRule = { order: 'ordered', entry: 'first', window: 1, steps: [0, 1], exclusions: [] };
    expect(earliestStepsApply(rule)).toBe(true);
    expect(earliestStepsApply({ ...rule, steps: [0, 1, 0] })).toBe(false);
    expect(earliestStepsApply({ ...rule, order: 'strict' })).toBe(false);
    expect(earliestStepsApply({ ...rule, order: 'unordered' })).toBe(false);
    expect(earliestStepsApply({ ...rule, entry: 'any' })).toBe(false);
    expect(earliestStepsApply({ ...rule, exclusions: [{ name: 2, from: 1, to: 2 }] })).toBe(false);
  });
});
