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

  // PostHog test_funnel_correlation.py (@ 0151787f), test_basic_funnel_correlation_with_events, as written there: a funnel
  // "user signed up" → paid over 14 days; users 0–9 sign up on 2 January 14:00, the even ones do positively_related a day
  // later, all pay on the 4th; users 10–19 sign up, the even ones do negatively_related on the 3rd.
  const basic = (() => {
    const lines = ['customer_id,timestamp,event'];
    for (let i = 0; i < 20; i++) {
      lines.push(`user_${i},2020-01-02T14:00:00Z,user signed up`);
      if (i % 2 === 0) lines.push(`user_${i},2020-01-03T14:00:00Z,${i < 10 ? 'positively_related' : 'negatively_related'}`);
      if (i < 10) lines.push(`user_${i},2020-01-04T14:00:00Z,paid`);
    }
    return lines.join('\n');
  })();

  it("funnel-step: PostHog's basic case (success and failure counts 5/0 and 0/5, odds ratios 11 and 1/11); the steps are no candidates", async () => {
    const { rows } = await compute('drivers', basic, { outcome: 'funnel-step:2', steps: ['user signed up', 'paid'], window: '14d', maxCount: 1 });
    expect(rows.map((r) => [r.event, r.outcome_did, r.customers_did - r.outcome_did])).toEqual([['positively_related', 5, 0], ['negatively_related', 0, 5]]);
    expect(rows[0].odds_ratio).toBeCloseTo(11, 12);
    expect(rows[1].odds_ratio).toBeCloseTo(1 / 11, 12);
  });

  it("funnel-step: PostHog's test_action_events_are_excluded_from_correlations: positively_related 2 and 0, odds ratio 3", async () => {
    // Three users sign up (14:00, and again 14:10), the even ones do positively_related, all pay; one more only signs up.
    const lines = ['customer_id,timestamp,event'];
    for (let i = 0; i < 3; i++) {
      lines.push(`user_${i},2020-01-02T14:00:00Z,user signed up`, `user_${i},2020-01-02T14:10:00Z,user signed up`);
      if (i % 2 === 0) lines.push(`user_${i},2020-01-03T14:00:00Z,positively_related`);
      lines.push(`user_${i},2020-01-04T14:00:00Z,paid`);
    }
    lines.push('failure,2020-01-02T14:00:00Z,user signed up');
    const { rows } = await compute('drivers', lines.join('\n'), { outcome: 'funnel-step:2', steps: ['user signed up', 'paid'], window: '14d', maxCount: 1 });
    expect(rows.map((r) => [r.event, r.outcome_did, r.customers_did - r.outcome_did, r.odds_ratio])).toEqual([['positively_related', 2, 0, 3]]);
  });

  it('funnel-step: an action after the window or at the conversion is not counted; the window of --within is exact', async () => {
    // a enters at 10:00, does x at 10:05 and 10:15, reaches step 2 at 10:20; b enters, does x at 10:05, never converts.
    const log = ['customer_id,timestamp,event', 'a,2026-01-01T10:00:00Z,view', 'a,2026-01-01T10:05:00Z,x', 'a,2026-01-01T10:15:00Z,x', 'a,2026-01-01T10:20:00Z,buy', 'b,2026-01-01T10:00:00Z,view', 'b,2026-01-01T10:05:00Z,x'].join('\n');
    const tenMinutes = await compute('drivers', log, { outcome: 'funnel-step:2', steps: ['view', 'buy'], window: '1h', within: '10m', maxCount: 2 });
    // In the first 10 minutes a did x once (the 10:15 one is outside): at 2, nobody.
    expect(tenMinutes.rows.map((r) => [r.threshold, r.customers_did, r.outcome_did])).toEqual([[1, 2, 1], [2, 0, 0]]);
    const whole = await compute('drivers', log, { outcome: 'funnel-step:2', steps: ['view', 'buy'], window: '1h', maxCount: 2 });
    expect(whole.rows.map((r) => [r.threshold, r.customers_did, r.outcome_did])).toEqual([[1, 2, 1], [2, 1, 1]]);
    // Reaching step 2 needs the funnel's window: with 15 minutes, a does not convert.
    const short = await compute('drivers', log, { outcome: 'funnel-step:2', steps: ['view', 'buy'], window: '15m', maxCount: 1 });
    expect(short.notes.some((n) => n.startsWith('every customer has the same outcome'))).toBe(true);
  });

  it('--list EVENT:T: the customers of a row, whether each reached it and had the outcome; :did/:not and :yes/:no narrow it', async () => {
    const all = (await compute('drivers', posthog, { outcome: 'converted:paid', list: 'positively_related:1' })).rows;
    expect(all.length).toBe(20);
    expect(all.slice(0, 2)).toEqual([{ customer_id: 'u0', reached: 'yes', outcome: 'yes' }, { customer_id: 'u1', reached: 'yes', outcome: 'yes' }]);
    const cell = (await compute('drivers', posthog, { outcome: 'converted:paid', list: 'negatively_related:1:did:no' })).rows;
    expect(cell.map((r) => r.customer_id)).toEqual(['u10', 'u11', 'u12', 'u13', 'u14']);
    const notReached = (await compute('drivers', posthog, { outcome: 'converted:paid', list: 'positively_related:1:not:yes' })).rows;
    expect(notReached.map((r) => r.customer_id)).toEqual(['u5', 'u6', 'u7', 'u8', 'u9']);
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', list: 'paid:1' }))).message).toContain('no candidate event of that name');
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', list: 'invite:9' }))).message).toContain('T from 1 to 5');
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', list: 'positively_related:1', minShare: 0.3 }))).message).toContain('--min-share has nothing to act on with --list');
  });

  it('errors: no outcome, funnel options without a funnel outcome, a step out of range, --event, days the wrong way round', async () => {
    expect((await failure(compute('drivers', posthog, {}))).message).toMatch(/^outcome: /);
    expect((await failure(compute('drivers', posthog, { outcome: 'funnel-step:2' }))).message).toContain('needs the funnel: --steps');
    expect((await failure(compute('drivers', posthog, { outcome: 'funnel-step:3', steps: ['a', 'b'] }))).message).toContain('the funnel has steps 1 … 2');
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', window: '7d' }))).message).toContain('--window has nothing to act on');
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', events: ['paid'] }))).message).toContain('--event has nothing to act on');
    expect((await failure(compute('drivers', posthog, { outcome: 'retained:login@9..2' }))).message).toContain('D ≤ E');
    expect((await failure(compute('drivers', posthog, { outcome: 'converted:paid', weekStart: 'sunday' }))).message).toContain('--week-start has nothing to act on');
    // An outcome event no row has: said, with the events there are.
    const typo = await compute('drivers', posthog, { outcome: 'converted:payed' });
    expect(typo.notes[0]).toBe('no row of "payed" was read (the events: user signed up, positively_related, paid, negatively_related)');
  });
});
