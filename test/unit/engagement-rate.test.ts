import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngagementRate, type RatePost } from '../../src/metrics/rate/engagement-rate.js';

const post = (interactions: number, basis: number, publishedAt = Number.NaN): RatePost => ({ interactions, basis, publishedAt });

function summarise(posts: RatePost[]) {
  const acc = new EngagementRate();
  for (const p of posts) acc.add({ ...p });
  return acc;
}

describe('EngagementRate', () => {
  it('computes pooled, mean and median rates by hand', () => {
    // Rates: 20/200 = 0.1, 40/400 = 0.1, 5/100 = 0.05; a zero and a blank basis are left out.
    const result = summarise([post(20, 200), post(40, 400), post(3, 0), post(3, -1), post(5, 100)]).summary();
    expect(result.posts).toBe(5);
    expect(result.leftOut).toBe(2);
    expect(result.leftOutZero).toBe(1);
    expect(result.leftOutBlank).toBe(1);
    expect(result.interactions).toBe(65);
    expect(result.basis).toBe(700);
    expect(result.pooledRate).toBeCloseTo(65 / 700, 15);
    expect(result.meanRate).toBeCloseTo(0.25 / 3, 15);
    expect(result.medianRate).toBe(0.1);
  });

  it('takes the middle pair for an even count', () => {
    // 0.01, 0.02, 0.04, 0.08 → median (0.02 + 0.04) / 2
    expect(summarise([post(1, 100), post(8, 100), post(2, 100), post(4, 100)]).summary().medianRate).toBeCloseTo(0.03, 15);
  });

  it('leaves every rate undefined when no post has a basis, never 0 or NaN', () => {
    const result = summarise([post(10, 0), post(4, -1)]).summary();
    expect(result.pooledRate).toBeNull();
    expect(result.meanRate).toBeNull();
    expect(result.medianRate).toBeNull();
    expect(result.leftOut).toBe(2);
  });

  it('prints rates above 100% as they are', () => {
    expect(summarise([post(150, 100)]).summary().pooledRate).toBe(1.5);
  });

  it('divides a day by its latest follower count', () => {
    // 20 + 30 interactions; the 15:00 post is the latest, with 1,010 followers.
    const day = summarise([post(30, 1010, Date.UTC(2026, 2, 14, 15)), post(20, 1000, Date.UTC(2026, 2, 14, 9))]).summary();
    expect(day.latestBasisRate).toBeCloseTo(50 / 1010, 15);
    expect(day.pooledRate).toBeCloseTo(50 / 2010, 15);
  });

  it('gives the same result merged from two halves as from the whole', () => {
    const arbitraryPost = fc.record({
      interactions: fc.integer({ min: 0, max: 100_000 }),
      basis: fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
      publishedAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryPost, { maxLength: 60 }), fc.nat(), (posts, cut) => {
        const split = posts.length === 0 ? 0 : cut % (posts.length + 1);
        const left = summarise(posts.slice(0, split));
        left.merge(summarise(posts.slice(split)));
        const merged = left.summary();
        const whole = summarise(posts).summary();
        expect(merged.posts).toBe(whole.posts);
        expect(merged.interactions).toBe(whole.interactions);
        expect(merged.basis).toBe(whole.basis);
        expect(merged.pooledRate).toBe(whole.pooledRate);
        expect(merged.medianRate).toBe(whole.medianRate);
        if (whole.meanRate === null) expect(merged.meanRate).toBeNull();
        else expect(merged.meanRate).toBeCloseTo(whole.meanRate, 12);
        if (whole.pooledRate !== null) expect(whole.pooledRate).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('does not depend on row order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 40 }), (pairs) => {
        const posts = pairs.map(([i, b]) => post(i, b));
        const forward = summarise(posts).summary();
        const backward = summarise([...posts].reverse()).summary();
        expect(backward.pooledRate).toBe(forward.pooledRate);
        expect(backward.medianRate).toBe(forward.medianRate);
      }),
    );
  });
});
