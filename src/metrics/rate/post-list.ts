import type { PostInput } from '../../schema/plans/posts.js';
import type { Accumulator } from '../types.js';

// Posts listed one by one (--per-post), or only the N best by rate (--top N),
// which keeps at most 2N posts in memory whatever the file's size.

export interface ListedPost {
  id: string | undefined;
  publishedAt: number;
  /** The date as written, when it has no year to place it in time. */
  publishedText: string | undefined;
  platform: string | undefined;
  groups: string[];
  interactions: number;
  /** Negative when blank. */
  basis: number;
  rate: number | null;
  /** Position in the input, to keep ties and the per-post list in input order. */
  order: number;
}

export class PostList implements Accumulator<PostInput> {
  private posts: ListedPost[] = [];
  /** Posts seen, listed or not: the next post's place in the input. */
  private seen = 0;

  constructor(private readonly top?: number) {}

  add(row: PostInput): void {
    const rate = row.basis > 0 ? row.interactions / row.basis : null;
    const order = this.seen++;
    if (this.top !== undefined && rate === null) return;
    this.keep({ id: row.id, publishedAt: row.publishedAt, publishedText: row.publishedText, platform: row.platform, groups: [...row.groups], interactions: row.interactions, basis: row.basis, rate, order });
  }

  /** The other list's posts come after this one's, as if read after them. */
  merge(other: PostList): void {
    for (const post of other.posts) this.keep({ ...post, order: post.order + this.seen });
    this.seen += other.seen;
  }

  private keep(post: ListedPost): void {
    this.posts.push(post);
    if (this.top !== undefined && this.posts.length >= 2 * this.top) this.trim();
  }

  /** The posts in input order, or the top N by rate (ties in input order). */
  listed(): ListedPost[] {
    if (this.top === undefined) return [...this.posts].sort((a, b) => a.order - b.order);
    this.trim();
    return this.posts;
  }

  private trim(): void {
    this.posts.sort(byRateThenOrder);
    this.posts.length = Math.min(this.posts.length, this.top!);
  }
}

function byRateThenOrder(a: ListedPost, b: ListedPost): number {
  const rateOrder = (b.rate ?? -1) - (a.rate ?? -1);
  return rateOrder !== 0 ? rateOrder : a.order - b.order;
}
