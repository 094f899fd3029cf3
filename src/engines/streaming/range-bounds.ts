import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Range bounds at line ends: [start, b1, …, size], the first range weighing
 * `firstWeight` against each other's 1 (even shares at 1). A bound inside a quoted
 * field is found out by the part before it. Read synchronously: a few
 * kilobytes from the page cache, where each of an asynchronous open, read
 * and close waited for a turn of the main thread's event loop, which reads
 * its own share meanwhile and turns it every few chunks — 130–190 ms in all,
 * during which the workers, ready, waited for their ranges.
 */
export function rangeBounds(path: string, start: number, size: number, parts: number, firstWeight: number): number[] {
  const bounds = [start];
  const file = openSync(path, 'r');
  try {
    for (let i = 1; i < parts; i++) {
      const at = lineEndFrom(file, start + Math.floor(((size - start) * (firstWeight + i - 1)) / (firstWeight + parts - 1)), size);
      if (at > bounds[bounds.length - 1] && at < size) bounds.push(at);
    }
  } finally {
    closeSync(file);
  }
  bounds.push(size);
  return bounds;
}

/** Whether the byte before `end` of the file is a line feed (a file's last line may have none). */
export function endsLine(path: string, end: number): boolean {
  if (end <= 0) return false;
  const file = openSync(path, 'r');
  try {
    // The first line end from the byte before `end` is just past it; with none to the file's end, end + 1 is not.
    return lineEndFrom(file, end - 1, end + 1) === end;
  } finally {
    closeSync(file);
  }
}

/** Just past the first line end at or after `from`; `size` when there is none. */
function lineEndFrom(file: number, from: number, size: number): number {
  const window = Buffer.alloc(1 << 16);
  for (let at = from; ; ) {
    const bytesRead = readSync(file, window, 0, window.length, at);
    if (bytesRead === 0) return size;
    const newline = window.subarray(0, bytesRead).indexOf(0x0a);
    if (newline !== -1) return at + newline + 1;
    at += bytesRead;
  }
}

/**
 * The tail of what a reader of `path` has still to claim (from `position`
 * to `end`), for another thread to read as a part of its own: the reader
 * keeps `keep` of it (its share of the two paces, keptShare), cut at the
 * next line end, and its end moves back to where the tail starts. Undefined,
 * and nothing moved, when fewer than `least` bytes are left.
 */
export function cutTail(path: string, range: { position: number; end: number }, least: number, keep: number): [number, number] | undefined {
  const { position, end } = range;
  if (end - position < least || !(keep > 0 && keep < 1)) return undefined;
  const file = openSync(path, 'r');
  let cut: number;
  try {
    cut = lineEndFrom(file, position + Math.floor((end - position) * keep), end);
  } finally {
    closeSync(file);
  }
  if (cut <= position || cut >= end) return undefined;
  range.end = cut;
  return [cut, end];
}

/**
 * cutTail, keeping what a reader at `mine` bytes a millisecond reads by the
 * time one at `theirs` has started on the tail (`start` ms: TAIL_START_MS
 * for a fresh part, CONTINUE_START_MS for a range gone on) and read the
 * rest: the main thread's range and a worker's alike.
 */
export function cutTailAtPaces(path: string, range: { position: number; end: number }, least: number, mine: number, theirs: number, start: number): [number, number] | undefined {
  return cutTail(path, range, least, keptShare(mine, theirs, range.end - range.position, start));
}

/** The least a thread must have left for another to take a tail of it: some 20 ms of reading, against a part's merge. */
export const TAIL_LEAST_BYTES = 16 << 20;

/** Bytes a millisecond: a reader's pace, from what it read and when it began (performance.now()). */
export function paceOf(bytes: number, since: number): number {
  return bytes / Math.max(1, performance.now() - since);
}

/**
 * What a tail costs the thread that takes it before it reads at its pace: a
 * fresh state, whose handlers V8 compiles again (callers that had inlined the
 * first part's are deoptimized), on a core shared with the collection the
 * first part's export sets off. On the funnel bench a worker's tails of
 * 10–35 MB took 80–100 ms longer than its pace said, the main thread's 20–70
 * ms; counted as nothing, the taker was still reading 60–100 ms after the
 * giver was done, later than the giver alone would have ended.
 */
export const TAIL_START_MS = 60;

/**
 * What going on into a tail costs a worker whose metric reads rows in any
 * order (ContinuedClaims): its question waits for the main thread's next
 * turn of the event loop, every megabyte it reads, some 5 ms. The worker's
 * state, handlers and compiled code are the ones it read its range with.
 */
export const CONTINUE_START_MS = 5;

/** The least a thread must have left for a worker to go on into it: what the question's wait would have read. */
export const CONTINUE_LEAST_BYTES = 2 << 20;

/**
 * The main thread's share of what is left when workers go on, against a
 * worker's 1. The main thread reads 5–15 % slower than a worker on the bench
 * (it also turns the event loop for the workers), and a main thread done
 * first waits, or reads a tail into a fresh part (TAIL_START_MS), while a
 * worker done first goes on into the main thread's tail for a question:
 * so the main thread takes the larger share, and a worker is done first.
 */
export const MAIN_WEIGHT_GOING_ON = 1.25;

/**
 * The share of `left` bytes that the reader at `mine` keeps (bytes a
 * millisecond), the other reading at `theirs` after `start` ms, so that both
 * end together: mine / (mine + theirs) with no start, 1 or more when the
 * other would end later than this reader alone (no tail then). A pace not
 * known yet halves it.
 */
export function keptShare(mine: number, theirs: number, left: number, start: number): number {
  if (!(mine > 0 && theirs > 0)) return 0.5;
  return (start + left / theirs) / (left / mine + left / theirs);
}
