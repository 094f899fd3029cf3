import { closeSync, openSync, readSync } from 'node:fs';
import type { ChunkClaims } from '../../io/claimed-chunks.js';

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
  /** The next byte to claim. */
  position: number;
  /** Bytes claimed so far, over both ranges: the reader's pace. */
  claimed = 0;
  /** Whether the tail was asked for (once: the main thread's answer already shares what is left by pace). */
  private asked = false;

  constructor(
    private readonly path: string,
    start: number,
    public end: number,
    /** Asks the main thread for a tail of its range; undefined: none. */
    private readonly more: (claimed: number) => Promise<[number, number] | undefined>,
  ) {
    this.position = start;
  }

  claim(size: number): { at: number; length: number } | undefined | Promise<{ at: number; length: number } | undefined> {
    if (this.position < this.end) return this.take(size);
    if (this.asked || !endsLine(this.path, this.end)) return undefined;
    this.asked = true;
    return this.more(this.claimed).then((tail) => {
      if (tail === undefined) return undefined;
      [this.position, this.end] = tail;
      return this.position < this.end ? this.take(size) : undefined;
    });
  }

  private take(size: number): { at: number; length: number } {
    const at = this.position;
    const length = Math.min(size, this.end - at);
    this.position += length;
    this.claimed += length;
    return { at, length };
  }
}

/** Whether the byte before `end` is a line feed (a file's last line may have none: its record would run on into the tail). */
function endsLine(path: string, end: number): boolean {
  if (end <= 0) return false;
  const file = openSync(path, 'r');
  try {
    const byte = Buffer.alloc(1);
    return readSync(file, byte, 0, 1, end - 1) === 1 && byte[0] === 0x0a;
  } finally {
    closeSync(file);
  }
}
