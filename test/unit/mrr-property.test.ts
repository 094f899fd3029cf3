import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';

// engage mrr on generated billing histories: the roll-forward identity on
// every row, each period ending where the next starts, and each month's MRR
// and paying customers equal to a plain replay of the events written here
// (each subscription's price by its id, sums at each month's end).

const event = fc.record({
  customer: fc.integer({ min: 0, max: 5 }),
  sub: fc.constantFrom('a', 'b'),
  day: fc.integer({ min: 0, max: 180 }),
  name: fc.constantFrom('start', 'start', 'upgrade', 'downgrade', 'cancel', 'trial_start'),
  amount: fc.constantFrom(10, 25, 40, 600),
  interval: fc.constantFrom('month', 'year', 'quarter'),
  quantity: fc.integer({ min: 1, max: 3 }),
});

const MONTHS = { month: 1, year: 12, quarter: 3 } as const;

describe('mrr on generated billing histories', () => {
  it('rolls forward exactly, and each month’s MRR is what a replay of the events gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), async (events) => {
        // Apart by a minute each: no two at one instant.
        const rows = events.map((e, i) => ({ ...e, at: Date.UTC(2026, 0, 1) + e.day * 86_400_000 + i * 60_000 }));
        const lines = rows.map((e) => `c${e.customer},${e.sub},${new Date(e.at).toISOString()},${e.name},${e.name === 'cancel' || e.name === 'trial_start' ? '' : e.amount},${e.quantity},${e.interval}`);
        const result = await runEvents('mrr', ['customer_id,subscription_id,timestamp,event,amount,quantity,interval', ...lines].join('\n'), { until: '2026-08-01' }).catch(() => undefined);
        if (result === undefined) return;
        const periods = result.rows.filter((r) => r.period !== 'all');
        const n = (v: unknown) => v as number;
        periods.forEach((p, i) => {
          const moved = n(p.mrr_at_start) + n(p.new_mrr) + n(p.reactivation_mrr) + n(p.expansion_mrr) - n(p.contraction_mrr) - n(p.churned_mrr);
          expect(n(p.mrr_at_end)).toBeCloseTo(moved, 6);
          if (i > 0) expect(p.mrr_at_start).toBe(periods[i - 1].mrr_at_end);
        });
        // The replay: each month from the first event's to the last's, MRR and paying customers at its end.
        const first = new Date(Math.min(...rows.map((r) => r.at))).getUTCMonth();
        const last = new Date(Math.max(...rows.map((r) => r.at))).getUTCMonth();
        expect(periods.length).toBe(last - first + 1);
        const open = new Map<string, number>();
        const timeOrder = [...rows].sort((a, b) => a.at - b.at);
        let next = 0;
        for (let month = first, j = 0; month <= last; month++, j++) {
          const end = Date.UTC(2026, month + 1, 1);
          for (; next < timeOrder.length && timeOrder[next].at < end; next++) {
            const e = timeOrder[next];
            const key = `c${e.customer}/${e.sub}`;
            const mrr = (e.amount * e.quantity) / MONTHS[e.interval];
            if (e.name === 'start') open.set(key, mrr);
            else if (e.name === 'cancel') open.delete(key);
            else if (e.name !== 'trial_start' && open.has(key)) open.set(key, mrr);
          }
          const byCustomer = new Map<string, number>();
          for (const [key, mrr] of open) byCustomer.set(key.split('/')[0], (byCustomer.get(key.split('/')[0]) ?? 0) + mrr);
          const paying = [...byCustomer.values()].filter((v) => v > 0);
          expect(n(periods[j].mrr_at_end)).toBeCloseTo(paying.reduce((a, b) => a + b, 0), 6);
          expect(periods[j].customers_at_end).toBe(paying.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
