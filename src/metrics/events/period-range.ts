import type { Periods } from '../../time/periods.js';

/** Period keys from the first to the last of `keys`, the ones between included. */
export function periodRange(periods: Periods, keys: Iterable<number>): number[] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const key of keys) {
    if (key < first) first = key;
    if (key > last) last = key;
  }
  const range: number[] = [];
  if (!Number.isFinite(first)) return range;
  for (let key = first; key <= last; key = periods.next(key)) range.push(key);
  return range;
}
