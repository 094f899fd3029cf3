import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviveState, stateData } from '../../src/engines/streaming/state-transfer.js';
import { Activity, NO_FIRST, NO_LAST } from '../../src/metrics/events/activity.js';
import type { EventInput } from '../../src/schema/plans/events.js';

// Activity holds rows back and puts them in place a few thousand at a time.
// However the state is read — its first and last periods, its period sets,
// merged, renumbered, or sent to another thread as data with rows still held —
// each customer's first period is the earliest of their starting events', the
// last the latest of their counted events', and each period's set the
// customers with a counted event in it, all counted here directly from the rows.

const row = fc.record({ period: fc.integer({ min: 600, max: 640 }), customer: fc.integer({ min: 0, max: 3_000 }), event: fc.constantFrom('signup', 'visit', 'cancel') });
type Row = { period: number; customer: number; event: string };
// More rows than Activity holds at once (4096). A failure is not shrunk: thousands of rows shrink for minutes.
const many = fc.array(row, { minLength: 5_000, maxLength: 12_000 });
const starts = (event: string) => event !== 'cancel';
const counts = (event: string) => event !== 'signup';

function activityOf(rows: readonly Row[]): Activity {
  const activity = new Activity(starts, counts);
  const input = { period: 0, customer: 0, event: '' } as EventInput;
  for (const { period, customer, event } of rows) {
    Object.assign(input, { period, customer, event });
    activity.add(input);
  }
  return activity;
}

/** First and last periods and each period's customers, from the rows themselves. */
function expected(rows: readonly Row[]): { first: Map<number, number>; last: Map<number, number>; sets: Map<number, number[]> } {
  const [first, last, sets] = [new Map<number, number>(), new Map<number, number>(), new Map<number, Set<number>>()];
  for (const { period, customer, event } of rows) {
    if (starts(event)) first.set(customer, Math.min(first.get(customer) ?? Infinity, period));
    if (!counts(event)) continue;
    last.set(customer, Math.max(last.get(customer) ?? -Infinity, period));
    (sets.get(period) ?? sets.set(period, new Set()).get(period)!).add(customer);
  }
  return { first, last, sets: new Map([...sets].sort(([a], [b]) => a - b).map(([p, set]) => [p, [...set].sort((a, b) => a - b)])) };
}

function read(activity: Activity): ReturnType<typeof expected> {
  const [first, last] = [new Map<number, number>(), new Map<number, number>()];
  activity.first.forEach((p, c) => p !== NO_FIRST && first.set(c, p));
  activity.last.forEach((p, c) => p !== NO_LAST && last.set(c, p));
  const sets = new Map(
    [...activity.active].sort(([a], [b]) => a - b).map(([p, set]) => {
      const members: number[] = [];
      set.forEach((c) => members.push(c));
      return [p, members];
    }),
  );
  return { first, last, sets };
}

describe('Activity', () => {
  it('has each customer’s first and last periods and each period’s customers, read directly', () => {
    fc.assert(
      fc.property(many, (rows) => {
        expect(read(activityOf(rows))).toEqual(expected(rows));
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it('renumbered with rows still held, renumbers them too', () => {
    fc.assert(
      fc.property(many, (rows) => {
        const activity = activityOf(rows);
        activity.remapCustomers(Int32Array.from({ length: 3_001 }, (_, c) => 3_000 - c));
        expect(read(activity)).toEqual(expected(rows.map((r) => ({ ...r, customer: 3_000 - r.customer }))));
      }),
      { numRuns: 10, endOnFailure: true },
    );
  });

  it('merged, renumbered and sent as data with rows still held, loses none', () => {
    fc.assert(
      fc.property(many, many, (mine, theirs) => {
        const other = reviveState(new Activity(starts, counts), structuredClone(stateData(activityOf(theirs))));
        other.remapCustomers(Int32Array.from({ length: 3_001 }, (_, c) => 3_000 - c));
        const merged = activityOf(mine);
        merged.merge(other);
        expect(read(merged)).toEqual(expected([...mine, ...theirs.map((r) => ({ ...r, customer: 3_000 - r.customer }))]));
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });

  it('merged renumbered in one pass (mergeRenumbered), rows still held on both sides, equals the rows renumbered', () => {
    // Their customers go to every other number past ours, up to 9,000: the sets and the periods grow as they merge.
    fc.assert(
      fc.property(many, many, (mine, theirs) => {
        const other = reviveState(new Activity(starts, counts), structuredClone(stateData(activityOf(theirs))));
        const mapping = Int32Array.from({ length: 3_001 }, (_, c) => 9_000 - 2 * c);
        const merged = activityOf(mine);
        merged.mergeRenumbered(other, mapping);
        expect(read(merged)).toEqual(expected([...mine, ...theirs.map((r) => ({ ...r, customer: 9_000 - 2 * r.customer }))]));
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });
});
