import { describe, expect, it } from 'vitest';
import { DailyActivity } from '../../src/metrics/stickiness/table.js';
import type { EventInput } from '../../src/schema/plans/events.js';

// DailyActivity finds a day's set by its index past the first day it met;
// the sets must be the ones its map holds, whatever order the days come in.

const event = (day: number, customer: number): EventInput => ({ period: day, customer }) as EventInput;
const members = (activity: DailyActivity): Record<number, number[]> => {
  const out: Record<number, number[]> = {};
  for (const [day, set] of activity.days) {
    const list: number[] = [];
    set.forEach((c) => list.push(c));
    out[day] = list;
  }
  return out;
};

describe('DailyActivity', () => {
  it('puts each customer in the set of its day: days later, earlier and far off the first one met', () => {
    const activity = new DailyActivity();
    // 20000 first, then a later day, an earlier one (the index starts again before it), the first again,
    // and a day 300,000 days on, too far for the index (the map alone holds it).
    for (const [day, customer] of [[20000, 3], [20005, 1], [19990, 7], [20000, 4], [320000, 2], [19990, 7], [20005, 40], [320000, 9]] as const) activity.add(event(day, customer));
    expect(members(activity)).toEqual({ 20000: [3, 4], 20005: [1, 40], 19990: [7], 320000: [2, 9] });
  });

  it('after its customers are renumbered, adds to the renumbered sets, not the ones before', () => {
    const activity = new DailyActivity();
    activity.add(event(100, 0));
    activity.add(event(101, 1));
    activity.remapCustomers(Int32Array.from([5, 6]));
    activity.add(event(100, 2));
    activity.add(event(101, 3));
    expect(members(activity)).toEqual({ 100: [2, 5], 101: [3, 6] });
  });

  it('merges into sets add goes on using', () => {
    const mine = new DailyActivity();
    const theirs = new DailyActivity();
    mine.add(event(10, 1));
    theirs.add(event(10, 2));
    theirs.add(event(12, 3));
    mine.merge(theirs);
    mine.add(event(12, 4));
    mine.add(event(10, 5));
    expect(members(mine)).toEqual({ 10: [1, 2, 5], 12: [3, 4] });
  });
});
