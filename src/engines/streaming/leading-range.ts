import { claimedChunks, type ChunkClaims } from '../../io/claimed-chunks.js';
import { cutTailAtPaces, paceOf, rangeBounds } from './range-bounds.js';

// The first range of a file split between threads, read by the main thread.
// Workers take a module load to start; rather than wait for them, the main
// thread reads ahead from the file's start, never past an even share of
// what is left, and when they are ready what is left is shared evenly
// between all threads. Each thread then has the same bytes still to read;
// a thread done first takes a tail of what another has left (parts.ts).


export class LeadingRange implements ChunkClaims {
  /** The next byte the main thread will read (a chunk is counted read once claimed). */
  position: number;
  /** Where the range ends: the file's end until the rest is shared; moved back when a tail is given (cutTail). */
  end: number;
  /** How far the main thread may read before the rest is shared. */
  private fence: number;
  private wake: (() => void) | undefined;

  constructor(
    private readonly path: string,
    start: number,
    private readonly size: number,
    threads: number,
  ) {
    this.position = start;
    this.end = size;
    this.fence = start + Math.floor((size - start) / threads);
  }

  /**
   * Shares what the main thread has not read yet between it and the other
   * threads, at line ends: the main thread's new end, then each other
   * thread's end, the last at the file's end (fewer when little is left).
   * The main thread's share weighs `mainWeight` against each other's 1.
   */
  shareRest(threads: number, mainWeight: number): number[] {
    const from = this.position;
    this.shared = { at: performance.now(), from };
    this.moveFence(from + Math.floor(((this.size - from) * mainWeight) / (mainWeight + threads - 1)));
    const bounds = rangeBounds(this.path, from, this.size, threads, mainWeight);
    this.settle(bounds[1]);
    return bounds.slice(1);
  }

  /** When the rest was shared, and where the main thread was. */
  private shared: { at: number; from: number } | undefined;

  /**
   * Once the rest is shared: the tail of what the main thread has left, for
   * a thread done with its own range, which read `theirs` bytes since: each
   * is left what it reads by the time the other does, once it has started
   * on the tail in `start` ms (cutTailAtPaces).
   */
  giveTail(least: number, theirs: number, start: number): [number, number] | undefined {
    const shared = this.shared;
    if (!this.settled || shared === undefined) return undefined;
    return cutTailAtPaces(this.path, this, least, this.pace(), paceOf(theirs, shared.at), start);
  }

  /** Bytes a millisecond the main thread read at since the rest was shared (0 before). */
  pace(): number {
    return this.shared === undefined ? 0 : paceOf(this.position - this.shared.from, this.shared.at);
  }

  /** The range ends here (a line end at or past the fence); the main thread reads up to it. */
  settle(end: number): void {
    this.settled = true;
    this.end = end;
    this.moveFence(end);
  }

  /** Whether the range's end is known (the rest shared, or left to this thread). */
  private settled = false;

  chunks(): AsyncGenerator<Buffer> {
    return claimedChunks(this.path, this);
  }

  /** The next chunk of the range: up to the fence, waiting there until the rest is shared. */
  async claim(size: number): Promise<{ at: number; length: number } | undefined> {
    // Until the rest is shared, a turn of the event loop a chunk (claimedChunks gives one every few): a worker's
    // word that it is ready is then seen at once, not up to a megabyte's read later, while it waits for its range.
    if (!this.settled) await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.position >= this.fence && this.position < this.end) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.position >= this.end) return undefined;
    const at = this.position;
    const length = Math.min(size, Math.min(this.fence, this.end) - at);
    this.position += length;
    return { at, length };
  }

  private moveFence(fence: number): void {
    this.fence = Math.max(this.fence, Math.min(fence, this.end));
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
