import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../../src/metrics/funnel/attempts.js';
import { countedAttempts, countedSteps, FunnelLog, stepInstantsOf, type LogShape } from '../../src/metrics/funnel/log.js';
import type { EventInput } from '../../src/schema/plans/events.js';

// A funnel's log read in parts, as threads read a file: every part after the
// first numbers its customers as it meets them and is renumbered before the
// merge (remapCustomers). The log keeps such a part's own numbers beside a
// mapping rather than rewriting its events, so the attempts counted from the
// merged log, by the walk and by the passes per step, must be those of one
// log that read every event itself. Events are dense (six customers, a dozen
// instants, four names) so that most of them are in some attempt's window.

const NAMES = ['a', 'b', 'c', 'd'];
const event = fc.record({ customer: fc.nat({ max: 5 }), time: fc.integer({ min: 0, max: 12 }), name: fc.nat({ max: 3 }), period: fc.nat({ max: 1 }) });

function row(e: { customer: number; time: number; name: number; period: number }): EventInput {
  return { customer: e.customer, time: e.time, period: e.period, event: NAMES[e.name], amount: 0, firstOfOrder: true, groups: [] } as unknown as EventInput;
}

describe('a funnel log merged from renumbered parts', () => {
  it('counts the attempts one log of every event counts', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 50 }),
        fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<CompiledRule['order']>('ordered', 'strict', 'unordered'),
        fc.constantFrom<CompiledRule['entry']>('first', 'any'),
        fc.integer({ min: 0, max: 6 }),
        (events, cuts, order, entry, window) => {
          const nameIds = new Map([['a', 0], ['b', 1], ['c', 2]]);
          const shape: LogShape = { nameIds, keepOthers: order === 'strict', attribution: false, periods: true, starts: order === 'unordered' ? [0, 1, 2] : [0] };
          const rule: CompiledRule = { order, entry, window, steps: [0, 1, 2], exclusions: [] };
          const one = new FunnelLog(shape);
          for (const e of events) one.add(row(e));
          const bounds = [0, ...cuts.map((c) => c % (events.length + 1)).sort((a, b) => a - b), events.length];
          const parts = bounds.slice(1).map((end, i) => {
            const log = new FunnelLog(shape);
            const own = new Map<number, number>();
            for (const e of events.slice(bounds[i], end)) {
              if (!own.has(e.customer)) own.set(e.customer, own.size);
              log.add(row({ ...e, customer: i === 0 ? e.customer : own.get(e.customer)! }));
            }
            if (i > 0) log.remapCustomers(Int32Array.from(own.keys()));
            return log;
          });
          for (const part of parts.slice(1)) parts[0].merge(part);
          const merged = parts[0];
          const sorted = (log: FunnelLog, byPeriod: boolean) =>
            countedAttempts(log, rule, byPeriod)
              .map((c) => JSON.stringify([c.customer, c.period, c.at]))
              .sort();
          expect(sorted(merged, false)).toEqual(sorted(one, false));
          expect(sorted(merged, true)).toEqual(sorted(one, true));
          // The passes per step where they apply (ordered, first entry), else the walk as columns.
          expect(countedSteps(merged, rule)).toEqual(stepInstantsOf(countedAttempts(one, rule, false), 3));
        },
      ),
      { numRuns: 400 },
    );
  });
});
