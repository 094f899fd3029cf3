import { RangeClaims, type ChunkClaims } from '../../io/claimed-chunks.js';
import { endsLine } from './range-bounds.js';

// A worker's range that goes on, once read, into a tail of the main
// thread's range, read by the same reader into the same state: for a metric
// whose figures do not depend on the order of a part's rows nor on how its
// customers are numbered (MetricJob.rowsInAnyOrder). A tail read as a fresh
// part cost its taker 60–100 ms before it read at its pace (a fresh state,
// whose handlers V8 compiles again: range-bounds.ts TAIL_START_MS), so only
// a tail of 16 MB or more was worth one, and the threads still ended tens of
// milliseconds apart; going on costs a question and its answer. The tail is
// whole lines, and so is the range before it (checked): the reader goes on
// from one record's end to another's start as if they were one stream.

export class ContinuedClaims implements ChunkClaims {
  /** Whether the tail was asked for (once: the main thread's answer already shares what is left by pace). */
  private asked = false;

  constructor(
    private readonly path: string,
    /** The range being read: the worker's own, then the tail (its position and end move there); another thread may cut its tail too. */
    readonly range: RangeClaims,
    /** Asks the main thread for a tail of its range; undefined: none. */
    private readonly more: (claimed: number) => Promise<[number, number] | undefined>,
  ) {}

  claim(size: number): { at: number; length: number } | undefined | Promise<{ at: number; length: number } | undefined> {
    const range = this.range;
    const next = range.claim(size);
    if (next !== undefined || this.asked || !endsLine(this.path, range.end)) return next;
    this.asked = true;
    return this.more(range.claimed).then((tail) => {
      if (tail === undefined) return undefined;
      [range.position, range.end] = tail;
      return range.claim(size);
    });
  }
}
