import type { Accumulator } from '../types.js';

// Posts listed one by one (--per-post), or only the N best by rate (--top N),
// which keeps at most 2N posts in memory whatever the file's size.

export interface ListedPost {
  id: string | undefined;
  publishedAt: number;
  platform: string | undefined;
  groups: string[];
  interactions: number;
  /** Negative when blank. */
  basis: number;
  rate: number | null;
  /** Position in the input, to keep ties and the per-post list in input order. */
  order: number;
}

export class PostList implements Accumulator<ListedPost, ListedPost[]> {
  private posts: ListedPost[] = [];

  constructor(private readonly top?: number) {}

  add(post: ListedPost): void {
    if (this.top !== undefined && post.rate === null) return;
    this.posts.push(post);
    if (this.top !== undefined && this.posts.length >= 2 * this.top) this.trim();
  }

  merge(other: PostList): void {
    for (const post of other.posts) this.add(post);
  }

  result(): ListedPost[] {
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
