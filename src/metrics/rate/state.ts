import type { PostInput } from '../../schema/plans/posts.js';
import { Grouped, type LabelOrder } from '../grouped.js';
import type { Accumulator } from '../types.js';
import { EngagementRate } from './engagement-rate.js';
import { PostList } from './post-list.js';

// What `engage rate` keeps of its posts: one engagement-rate state per period
// and group, and with --per-post or --top the listed posts.

export class RateState implements Accumulator<PostInput> {
  readonly grouped: Grouped<PostInput, EngagementRate>;
  readonly list: PostList | undefined;
  /**
   * With a derived grouping (social.md) a post can be in several groups (each of its
   * hashtags) or in none (no time for @weekday): the overall row is counted apart, each post once.
   */
  readonly exact: EngagementRate | undefined;

  constructor(groupDepth: number, listing: { top?: number } | undefined, grouping: { derived: boolean; orders?: LabelOrder[] } = { derived: false }) {
    this.grouped = new Grouped(() => new EngagementRate(), groupDepth, true, grouping.orders);
    this.list = listing === undefined ? undefined : new PostList(listing.top);
    this.exact = grouping.derived ? new EngagementRate() : undefined;
  }

  add(row: PostInput): void {
    this.list?.add(row);
    if (row.memberships === undefined) {
      this.grouped.add(row);
      return;
    }
    this.exact?.add(row);
    const shown = row.groups;
    for (const labels of row.memberships) {
      row.groups = labels;
      this.grouped.add(row);
    }
    row.groups = shown;
  }

  /** Every post once. */
  overall(): EngagementRate {
    return this.exact ?? this.grouped.overall();
  }

  merge(other: RateState): void {
    this.grouped.merge(other.grouped);
    if (this.exact && other.exact) this.exact.merge(other.exact);
    if (this.list && other.list) this.list.merge(other.list);
  }
}
