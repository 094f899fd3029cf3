import type { PostInput } from '../../schema/plans/posts.js';
import { Grouped } from '../grouped.js';
import type { Accumulator } from '../types.js';
import { EngagementRate } from './engagement-rate.js';
import { PostList } from './post-list.js';

// What `engage rate` keeps of its posts: one engagement-rate state per period
// and group, and with --per-post or --top the listed posts.

export class RateState implements Accumulator<PostInput> {
  readonly grouped: Grouped<PostInput, EngagementRate>;
  readonly list: PostList | undefined;

  constructor(groupDepth: number, listing: { top?: number } | undefined) {
    this.grouped = new Grouped(() => new EngagementRate(), groupDepth, true);
    this.list = listing === undefined ? undefined : new PostList(listing.top);
  }

  add(row: PostInput): void {
    this.grouped.add(row);
    this.list?.add(row);
  }

  merge(other: RateState): void {
    this.grouped.merge(other.grouped);
    if (this.list && other.list) this.list.merge(other.list);
  }
}
