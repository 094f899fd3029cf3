import { describe, expect, it } from 'vitest';
import { thresholdFigures } from '../../src/metrics/drivers/contingency.js';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

// engage drivers (segments-and-drivers.md "Drivers"): the 2×2 figures of the
// spec's worked example, PostHog's funnel-correlation odds ratios, and small
// logs worked by hand.

describe('the figures of one threshold', () => {
  it("the spec's zero cell: a = 4, b = 0, c = 3, d = 3", () => {
    const f = thresholdFigures({ a: 4, b: 0, c: 3, d: 3 });
    expect([f.did, f.not, f.rateDid, f.rateNot, f.lift, f.oddsRatio, f.share]).toEqual([4, 6, 1, 0.5, 2, 5, 0.4]);
    // exp(ln 5 ± 1.96 √(1/5 + 1 + 1/4 + 1/4)) = 0.388 … 64.4; phi = 12 / √(4 · 6 · 7 · 3) = 0.5345.
    expect(f.oddsLow).toBeCloseTo(5 * Math.exp(-1.96 * Math.sqrt(1.7)), 12);
    expect(f.oddsLow).toBeCloseTo(0.388, 3);
    expect(f.oddsHigh).toBeCloseTo(64.4, 1);
    expect(f.phi).toBeCloseTo(12 / Math.sqrt(4 * 6 * 7 * 3), 12);
  });

  it('undefined, never 0 or Infinity: nobody reached it, everybody did, or one outcome for all', () => {
    const nobody = thresholdFigures({ a: 0, b: 0, c: 3, d: 7 });
    expect([nobody.rateDid, nobody.lift, nobody.oddsRatio, nobody.oddsLow, nobody.phi, nobody.share]).toEqual([null, null, null, null, null, 0]);
    const everybody = thresholdFigures({ a: 3, b: 7, c: 0, d: 0 });
    expect([everybody.rateNot, everybody.lift, everybody.oddsRatio, everybody.phi]).toEqual([null, null, null, null]);
    const allYes = thresholdFigures({ a: 4, b: 0, c: 6, d: 0 });
    expect([allYes.rateDid, allYes.rateNot, allYes.oddsRatio, allYes.phi]).toEqual([1, 1, null, null]);
    const noneYes = thresholdFigures({ a: 0, b: 4, c: 0, d: 6 });
    expect([noneYes.lift, noneYes.oddsRatio]).toEqual([null, null]);
  });
});

describe('engage drivers', () => {
  // PostHog test_funnel_correlation.py, test_basic_funnel_correlation_with_events: 10 persons convert, 5 of them
  // did positively_related first; 10 do not, 5 of them did negatively_related. As a log: each signs up, the
  // related event an hour later, the conversion (paid) two hours after signing up.
  const posthog = (() => {
    const lines = ['customer_id,timestamp,event'];
    for (let p = 0; p < 20; p++) {
      const day = `2026-01-${String(1 + (p % 5)).padStart(2, '0')}`;
      lines.push(`u${p},${day}T10:00:00Z,user signed up`);
      if (p < 5) lines.push(`u${p},${day}T11:00:00Z,positively_related`);
      if (p >= 10 && p < 15) lines.push(`u${p},${day}T11:00:00Z,negatively_related`);
      if (p < 10) lines.push(`u${p},${day}T12:00:00Z,paid`);
    }
    return lines.join('\n');
  })();

  it("PostHog's basic funnel correlation: odds ratios 11 and 1/11 (prior count 1)", async () => {
    const { rows, notes } = await compute('drivers', posthog, { outcome: 'converted:paid', maxCount: 1 });
    const of = (event: string) => rows.find((r) => r.event === event)!;
    expect(of('positively_related').odds_ratio).toBeCloseTo(11, 12);
    expect(of('negatively_related').odds_ratio).toBeCloseTo(1 / 11, 12);
    expect([of('positively_related').customers_did, of('positively_related').outcome_did, of('positively_related').outcome_not]).toEqual([5, 5, 5]);
    // Everybody signed up: no comparison. The outcome's own event is no candidate.
    expect(of('user signed up').odds_ratio).toBeNull();
    expect(rows.some((r) => r.event === 'paid')).toBe(false);
    // positively_related: phi = (5·10 − 0·5) / √(5 · 15 · 10 · 10) = 0.5774, its magic number; it comes first.
    expect(rows[0].event).toBe('positively_related');
    expect(rows[0].phi).toBeCloseTo(50 / Math.sqrt(5 * 15 * 10 * 10), 12);
    expect(rows[0].magic).toBe(true);
    expect(notes).toContain('outcome: 10 of 20 customers did paid (counting only what came before it) (50.0%)');
  });

  it('converted: an action at or after the conversion is not counted', async () => {
    const log = ['customer_id,timestamp,event', 'a,2026-01-01T10:00:00Z,signup', 'a,2026-01-01T12:00:00Z,paid', 'a,2026-01-01T12:00:00Z,invite', 'b,2026-01-01T10:00:00Z,signup', 'b,2026-01-01T11:00:00Z,invite'].join('\n');
    const { rows } = await compute('drivers', log, { outcome: 'converted:paid', maxCount: 1, candidates: ['invite'] });
    // a's invite is at the moment a converted: a did not invite before; b invited and did not convert.
    expect([rows[0].customers_did, rows[0].outcome_did, rows[0].outcome_not]).toEqual([1, 0, 1]);
  });

  it('retained: the first 7 days are calendar days in --tz; customers whose last day is not over are left out', async () => {
    // x: first seen 1 March 10:00 JST (01:00Z); its login at 00:30 JST on 8 March (15:30Z on 7 March) is on day 7, outside 7d.
    // y: logs in twice in its first week and on day 10 (retained on days 8 … 14). z: first seen on 10 March: day 14 is 24 March,
    // not over when the data ends (20 March), so z is left out.
    const log = [
      'customer_id,timestamp,event',
      'x,2026-03-01T01:00:00Z,signup', 'x,2026-03-07T15:30:00Z,login', 'x,2026-03-20T03:00:00Z,login',
      'y,2026-03-01T03:00:00Z,signup', 'y,2026-03-02T03:00:00Z,login', 'y,2026-03-03T03:00:00Z,login', 'y,2026-03-11T03:00:00Z,login',
      'z,2026-03-10T03:00:00Z,signup',
    ].join('\n');
    const { rows, notes } = await compute('drivers', log, { outcome: 'retained:login@8..14', tz: 'Asia/Tokyo', candidates: ['login'], maxCount: 2, minShare: 0 });
    // x: 0 logins in its first 7 days (not retained: its day-19 login is after day 14); y: 2 logins, retained.
    expect(rows.map((r) => [r.threshold, r.customers_did, r.customers_not, r.outcome_did, r.outcome_not])).toEqual([[1, 1, 1, 1, 0], [2, 1, 1, 1, 0]]);
    // Both thresholds have phi 1: the tie goes to the smaller.
    expect(rows.map((r) => r.magic)).toEqual([true, false]);
    expect(notes).toContain("1 customer whose day 14 is not over when the data ends left out");
    const utc = await compute('drivers', log, { outcome: 'retained:login@8..14', candidates: ['login'], maxCount: 1 });
    // In UTC, x's 15:30Z login on 7 March is on its day 6: inside the first 7 days.
    expect(utc.rows[0].customers_did).toBe(2);
  });

  it('the magic number covers at least --min-share of customers', async () => {
    const { rows } = await compute('drivers', posthog, { outcome: 'converted:paid', maxCount: 1, minShare: 0.3 });
    // positively_related covers 5 of 20 (25 %): below 30 %, so no magic number; the row stays, with its share.
    const positive = rows.find((r) => r.event === 'positively_related')!;
    expect([positive.share, positive.magic]).toEqual([0.25, false]);
  });

  it('errors: no outcome, a funnel-step outcome (not built yet), --event, days the wrong way round', async () => {
    expect((await failure(compute('drivers', posthog, {}))).message).toMatch(/^outcome: /);
    expect((await failure(compute('drivers', posthog, { outcome: 'funnel-step:2' }))).message).toContain('not built yet');
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', events: ['paid'] }))).message).toContain('--event has nothing to act on');
    expect((await failure(compute('drivers', posthog, { outcome: 'retained:login@9..2' }))).message).toContain('D ≤ E');
  });
});
