import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviveState, stateData } from '../../src/engines/streaming/state-transfer.js';
import type { EventInput } from '../../src/schema/plans/events.js';
import { DailyActivity } from '../../src/metrics/stickiness/table.js';

// Beside daily-activity.test.ts: DailyActivity holds events back and puts them in their days' sets a few
// thousand at a time. Whatever the order of days (a day before every other
// mid-stream moves the slots), and however the state is read — its sets,
// merged, renumbered, or sent to another thread as data — each day's set is
// the customers with an event that day, counted here directly from the events.

const event = fc.record({ day: fc.integer({ min: 19_000, max: 19_400 }), customer: fc.integer({ min: 0, max: 5_000 }) });

function activityOf(events: readonly { day: number; customer: number }[]): DailyActivity {
  const activity = new DailyActivity();
  const row = { period: 0, customer: 0 } as EventInput;
  for (const { day, customer } of events) {
    row.period = day;
    row.customer = customer;
    activity.add(row);
  }
  return activity;
}

/** Each day's customers, sorted, from the events themselves. */
function expectedSets(events: readonly { day: number; customer: number }[], mapping = (c: number) => c): Map<number, number[]> {
  const sets = new Map<number, Set<number>>();
  for (const { day, customer } of events) (sets.get(day) ?? sets.set(day, new Set()).get(day)!).add(mapping(customer));
  return new Map([...sets].sort(([a], [b]) => a - b).map(([day, set]) => [day, [...set].sort((a, b) => a - b)]));
}

function setsOf(activity: DailyActivity): Map<number, number[]> {
  return new Map(
    [...activity.days].sort(([a], [b]) => a - b).map(([day, set]) => {
      const members: number[] = [];
      set.forEach((c) => members.push(c));
      return [day, members];
    }),
  );
}

// More events than DailyActivity holds at once (4096), so that some are put in their sets while it reads, and some are still held at the end.
// A failure is not shrunk: thousands of events shrink for minutes.
const many = fc.array(event, { minLength: 5_000, maxLength: 12_000 });

describe('DailyActivity', () => {
  it('has each day the customers active that day, read directly', () => {
    fc.assert(
      fc.property(many, (events) => {
        expect(setsOf(activityOf(events))).toEqual(expectedSets(events));
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });

  it('merged, renumbered and sent as data with events still held, loses none', () => {
    fc.assert(
      fc.property(many, many, (mine, theirs) => {
        // The other thread's state leaves as data without being read first.
        const other = reviveState(new DailyActivity(), structuredClone(stateData(activityOf(theirs))));
        const mapping = Int32Array.from({ length: 5_001 }, (_, c) => 5_000 - c);
        other.remapCustomers(mapping);
        const merged = activityOf(mine);
        merged.merge(other);
        const expected = expectedSets([...mine, ...theirs.map(({ day, customer }) => ({ day, customer: 5_000 - customer }))]);
        expect(setsOf(merged)).toEqual(expected);
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });
});
