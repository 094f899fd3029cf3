import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Range bounds at line ends: [start, b1, …, size]. A bound inside a quoted
 * field is found out by the part before it. Read synchronously: a few
 * kilobytes from the page cache, where each of an asynchronous open, read
 * and close waited for a turn of the main thread's event loop, which reads
 * its own share meanwhile and turns it every few chunks — 130–190 ms in all,
 * during which the workers, ready, waited for their ranges.
 */
export function rangeBounds(path: string, start: number, size: number, parts: number): number[] {
  const bounds = [start];
  const file = openSync(path, 'r');
  try {
    for (let i = 1; i < parts; i++) {
      const at = lineEndFrom(file, start + Math.floor(((size - start) * i) / parts), size);
      if (at > bounds[bounds.length - 1] && at < size) bounds.push(at);
    }
  } finally {
    closeSync(file);
  }
  bounds.push(size);
  return bounds;
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

/** The least a thread must have left for another to take a tail of it: some 20 ms of reading, against a part's merge. */
export const TAIL_LEAST_BYTES = 16 << 20;

/** Bytes a second: a reader's pace, from what it read and when it began. */
export function paceOf(bytes: number, since: number): number {
  return bytes / Math.max(1, performance.now() - since);
}

/** The share of what is left that the reader at `mine` keeps, the other reading at `theirs`, so that both end together. */
export function keptShare(mine: number, theirs: number): number {
  return mine > 0 && theirs > 0 ? mine / (mine + theirs) : 0.5;
}
