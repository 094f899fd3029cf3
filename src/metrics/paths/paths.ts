import { eventsByCustomer } from '../../kernels/by-customer.js';
import type { EventLog } from '../events/event-log.js';

// Paths (product-analytics.md "Paths"): each customer's events in order
// (time, then the input's order), every run of one name collapsed into one;
// the anchor is their first event of the anchor's name, and the path the N
// names after it (or before it). Names are interned: the log keeps numbers.

/** Each customer with the anchor event and their path (name ids, in time order), by customer. */
export function customerPaths(log: EventLog, anchor: number, direction: 'after' | 'before', depth: number): Map<number, number[]> {
  const names = log.names.view();
  const { order, start } = eventsByCustomer(log.customers.view(), log.times.view());
  const paths = new Map<number, number[]>();
  for (let c = 0; c + 1 < start.length; c++) {
    // The reduced sequence: a run of one name is one step.
    const reduced: number[] = [];
    for (let i = start[c]; i < start[c + 1]; i++) {
      const name = names[order[i]];
      if (reduced[reduced.length - 1] !== name) reduced.push(name);
    }
    const at = reduced.indexOf(anchor);
    if (at < 0) continue;
    paths.set(c, direction === 'after' ? reduced.slice(at + 1, at + 1 + depth) : reduced.slice(Math.max(0, at - depth), at));
  }
  return paths;
}

/** Code-point order of two names; a path before any longer path it begins. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return compareCodePoints(a[i], b[i]);
  }
  return a.length - b.length;
}

function compareCodePoints(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
