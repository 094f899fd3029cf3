import { CompensatedSum, FloatList } from '../../kernels/float-list.js';
import type { Accumulator } from '../types.js';

// Engagement rate of a set of posts (METRICS.md "Social posts"). Pure: rows in,
// figures out. A post whose basis is zero or blank has no rate and is left out
// of every rate, but still counted.

export interface RatePost {
  /** Sum of the interaction columns in use (blanks already counted as 0). */
  interactions: number;
  /** The basis (followers, reach, …); negative when the cell was blank. */
  basis: number;
  /** Epoch ms, or NaN when unknown. Only used for the daily rate. */
  publishedAt: number;
}

export interface RateSummary {
  posts: number;
  /** Posts without a rate: basis zero or blank. */
  leftOut: number;
  leftOutZero: number;
  leftOutBlank: number;
  /** Σ interactions over posts with a rate, so that pooled = interactions / basis. */
  interactions: number;
  basis: number;
  pooledRate: number | null;
  meanRate: number | null;
  medianRate: number | null;
  /** Σ interactions of all posts / the latest basis seen (the daily rate when the basis is followers). */
  latestBasisRate: number | null;
}

export class EngagementRate implements Accumulator<RatePost> {
  private posts = 0;
  private leftOutZero = 0;
  private leftOutBlank = 0;
  private ratedInteractions = 0;
  private allInteractions = 0;
  private basis = 0;
  private readonly rateSum = new CompensatedSum();
  private readonly rates = new FloatList();
  private latestAt = Number.NEGATIVE_INFINITY;
  private latestBasis = Number.NaN;

  add(post: RatePost): void {
    this.posts++;
    this.allInteractions += post.interactions;
    if (post.basis < 0) {
      this.leftOutBlank++;
      return;
    }
    // Later rows win ties, so "the latest count of the day" is the last one written.
    if (post.publishedAt >= this.latestAt) {
      this.latestAt = post.publishedAt;
      this.latestBasis = post.basis;
    }
    if (post.basis === 0) {
      this.leftOutZero++;
      return;
    }
    const rate = post.interactions / post.basis;
    this.ratedInteractions += post.interactions;
    this.basis += post.basis;
    this.rateSum.add(rate);
    this.rates.push(rate);
  }

  merge(other: EngagementRate): void {
    this.posts += other.posts;
    this.leftOutZero += other.leftOutZero;
    this.leftOutBlank += other.leftOutBlank;
    this.ratedInteractions += other.ratedInteractions;
    this.allInteractions += other.allInteractions;
    this.basis += other.basis;
    this.rateSum.merge(other.rateSum);
    this.rates.append(other.rates);
    if (other.latestAt >= this.latestAt) {
      this.latestAt = other.latestAt;
      this.latestBasis = other.latestBasis;
    }
  }

  summary(): RateSummary {
    const rated = this.rates.length;
    return {
      posts: this.posts,
      leftOut: this.leftOutZero + this.leftOutBlank,
      leftOutZero: this.leftOutZero,
      leftOutBlank: this.leftOutBlank,
      interactions: this.ratedInteractions,
      basis: this.basis,
      pooledRate: this.basis > 0 ? this.ratedInteractions / this.basis : null,
      meanRate: rated > 0 ? this.rateSum.value() / rated : null,
      medianRate: this.rates.median(),
      latestBasisRate: this.latestBasis > 0 ? this.allInteractions / this.latestBasis : null,
    };
  }
}
