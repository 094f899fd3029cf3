import type { Periods } from '../../time/periods.js';
import { groupedBy } from '../../kernels/grouped-by.js';
import type { Membership } from './memberships.js';

// A cohort triangle whatever computed it: each cohort's size, its retained
// customers (or revenue) in each column, and how many offsets of the cohort
// have begun and ended by the end of the data. Columns are offsets, or
// brackets of offsets (--brackets 1,3,7: 0 | 1 | 2–3 | 4–7).

export interface Column {
  name: string;
  /** The offsets the column spans, both included. */
  from: number;
  to: number;
}

export interface Triangle {
  cohorts: number[];
  sizes: Map<number, number>;
  /** retained.get(cohort)[j]: customers (or revenue) of the cohort in column j. */
  retained: Map<number, number[]>;
  /** Offsets of each cohort that have begun before the data ends: its columns from then on are empty. */
  begun: Map<number, number>;
  /** Offsets of each cohort that have ended: the overall row counts only complete columns. */
  ended: Map<number, number>;
}

/** Offsets 0 … width − 1, one column each. */
export function offsetColumns(width: number): Column[] {
  return Array.from({ length: width }, (_, k) => ({ name: `offset_${k}`, from: k, to: k }));
}

/** --brackets E1,…,Em: offset 0, then 1…E1, E1+1…E2, …; named offset_0, offset_1, offset_2_3. */
export function bracketColumns(ends: readonly number[]): Column[] {
  const columns: Column[] = [{ name: 'offset_0', from: 0, to: 0 }];
  let from = 1;
  for (const to of ends) {
    columns.push({ name: from === to ? `offset_${from}` : `offset_${from}_${to}`, from, to });
    from = to + 1;
  }
  return columns;
}

/** How many columns of a cohort have begun (are shown) and ended (are complete). */
export function columnsReached(columns: readonly Column[], begun: number, ended: number): { shown: number; complete: number } {
  return { shown: columns.filter((c) => c.from < begun).length, complete: columns.filter((c) => c.to < ended).length };
}

/** Calendar offsets: a cohort's periods up to the last one of the data, the last one not ended when it is partial. */
export function calendarReach(periods: Periods, cohort: number, lastKey: number, partialLast: boolean): { begun: number; ended: number } {
  const begun = Math.max(0, periods.ordinal(lastKey) - periods.ordinal(cohort) + 1);
  return { begun, ended: Math.max(0, begun - (partialLast ? 1 : 0)) };
}

export interface MembershipCounting {
  columns: readonly Column[];
  /** After offset 0, a member counts in a column only with this many return events in it. */
  minOccurrences: number;
  /** A member counts in every column up to their last return. */
  unbounded: boolean;
}

/** Whether a membership counts as retained in each column. */
export function retainedColumns(m: Membership, counting: MembershipCounting): boolean[] {
  return counting.columns.map((column) => {
    if (counting.unbounded) return m.lastOffset >= column.from;
    let events = 0;
    for (let k = column.from; k <= column.to; k++) events += m.returns.get(k) ?? 0;
    return events >= (column.from === 0 ? 1 : counting.minOccurrences);
  });
}

/** The triangle of memberships, each cohort's reach given. */
export function membershipTriangle(memberships: readonly Membership[], counting: MembershipCounting, reach: (cohort: number, members: readonly Membership[]) => { begun: number; ended: number }): Triangle {
  const byCohort = groupedBy(memberships, (m) => m.cohort);
  const cohorts = [...byCohort.keys()].sort((a, b) => a - b);
  const triangle: Triangle = { cohorts, sizes: new Map(), retained: new Map(), begun: new Map(), ended: new Map() };
  for (const cohort of cohorts) {
    const members = byCohort.get(cohort)!;
    const retained = new Array<number>(counting.columns.length).fill(0);
    for (const m of members) retainedColumns(m, counting).forEach((yes, j) => (retained[j] += yes ? 1 : 0));
    const { begun, ended } = reach(cohort, members);
    triangle.sizes.set(cohort, members.length);
    triangle.retained.set(cohort, retained);
    triangle.begun.set(cohort, begun);
    triangle.ended.set(cohort, ended);
  }
  return triangle;
}

/** --windows 24h: a cohort's offset k has begun when one member's window k has, and ended when every member's has. */
export function windowReach(members: readonly Membership[], windowMs: number, end: number): { begun: number; ended: number } {
  let [first, last] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const m of members) {
    if (m.start < first) first = m.start;
    if (m.start > last) last = m.start;
  }
  return { begun: Math.max(0, Math.ceil((end - first) / windowMs)), ended: Math.max(0, Math.floor((end - last) / windowMs)) };
}
