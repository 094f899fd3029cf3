import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricJob } from '../../src/metrics/job.js';
import { parseOptions } from '../../src/metrics/options.js';
import { metricNamed } from '../../src/metrics/registry.js';
import type { Cell } from '../../src/metrics/types.js';
import type { AnswerInput } from '../../src/schema/plans/answers.js';
import type { EventInput } from '../../src/schema/plans/events.js';
import type { PostInput } from '../../src/schema/plans/posts.js';
import { MISSING_AMOUNT } from '../../src/schema/values.js';

// Every metric's state is mergeable: the rows split in two, each half added
// to its own state, the states merged (in either order) give the table of
// one state over all the rows. This is what several files, and later worker
// threads, rely on. Rows are fed straight into the states, as the row plans
// hand them on; times are distinct, so that no tie depends on input order.

const START = Date.UTC(2026, 0, 1);
const SPAN = 180 * 86_400_000;
const UNTIL = '2026-07-01';

interface RowSeed {
  time: number;
  customer: number;
  pick: number;
  value: number;
  group: number;
  flag: boolean;
}

/** Rows at distinct times within `span` ms of START. */
const seedsWithin = (span: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: span - 1 }), { minLength: 0, maxLength: 60 })
    .chain((times) =>
      fc.tuple(
        fc.constant(times),
        fc.array(fc.record({ customer: fc.integer({ min: 0, max: 11 }), pick: fc.nat(), value: fc.integer({ min: -1, max: 500 }), group: fc.integer({ min: 0, max: 2 }), flag: fc.boolean() }), {
          minLength: times.length,
          maxLength: times.length,
        }),
        fc.nat(),
      ),
    )
    .map(([times, rest, cut]) => ({ rows: times.map((t, i): RowSeed => ({ ...rest[i], time: START + t })), cut }));
const seeds = seedsWithin(SPAN);

const EVENTS = ['purchase', 'visit', 'start', 'cancel', 'upgrade', 'view', 'cart'];

/** A row of the job's kind from a seed, keyed as its plan would key it. */
function rowFor(job: MetricJob, kind: string, seed: RowSeed): EventInput | PostInput | AnswerInput {
  const periods = job.plan.time.periods;
  const period = periods ? periods.keyOf(seed.time) : 0;
  // One label per --group-by column, as the plans give them.
  const groups = (job.options.groupBy as string[]).map(() => `g${seed.group}`);
  if (kind === 'events') {
    const event = EVENTS[seed.pick % EVENTS.length];
    return { customer: seed.customer, time: seed.time, period, event, amount: seed.value < 0 ? MISSING_AMOUNT : seed.value, firstOfOrder: seed.flag || seed.pick % 3 !== 0, groups };
  }
  if (kind === 'posts') {
    return { interactions: seed.pick % 400, basis: seed.value, publishedAt: seed.time, period, groups, id: `p${seed.pick}`, platform: seed.flag ? 'x' : 'tiktok' };
  }
  return { score: seed.pick % 11, period, groups };
}

function feed(job: MetricJob, kind: string, rows: RowSeed[]): void {
  for (const seed of rows) {
    const row = rowFor(job, kind, seed);
    job.state.observe?.(row);
    job.state.add(row);
  }
}

/** Tables equal, numbers to 1e-9 relative: sums merged in another order may differ in the last bits. */
function expectSameTable(actual: Cell[][], expected: Cell[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) =>
    row.forEach((cell, c) => {
      const want = expected[r][c];
      if (typeof cell === 'number' && typeof want === 'number') expect(Math.abs(cell - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      else expect(cell, `row ${r}, column ${c}`).toEqual(want);
    }),
  );
}

const CASES: [metric: string, options: Record<string, unknown>, eitherOrder: boolean][] = [
  ['rate', { period: 'month', groupBy: ['g'] }, true],
  ['rate', { period: 'day', by: 'followers' }, true],
  ['rate', { perPost: true }, false],
  ['rate', { top: 3 }, false],
  ['repeat', { period: 'month', groupBy: ['g'] }, true],
  ['repeat', { returning: true }, true],
  ['churn', { groupBy: ['g'] }, true],
  ['churn', { model: 'subscription' }, true],
  ['churn', { model: 'subscription', samePeriod: 'include', period: 'quarter' }, true],
  ['retention', { groupBy: ['g'] }, true],
  ['retention', { unbounded: true, counts: true, period: 'week' }, true],
  ['retention', { startEvents: ['start'], returnEvents: ['purchase'] }, true],
  ['stickiness', { groupBy: ['g'] }, true],
  ['stickiness', { distribution: true }, true],
  ['lifecycle', { period: 'week', groupBy: ['g'] }, true],
  ['funnel', { steps: ['view', 'cart', 'purchase'], window: '30d', groupBy: ['g'] }, true],
  ['funnel', { steps: ['view', 'cart', 'purchase'], window: '30d' }, true],
  ['funnel', { steps: ['view', 'purchase'], window: '14d', order: 'strict', entry: 'any', period: 'month' }, true],
  ['funnel', { steps: ['view', 'cart'], window: '30d', groupBy: ['g'], attribution: 'last-touch' }, true],
  ['trend', { period: 'month', series: ['buyers=purchase:customers', 'visits=visit'] }, true],
  ['nps', { period: 'month', groupBy: ['g'] }, true],
  ['csat', { scale: '0-10' }, true],
  ['ces', { scale: undefined, period: 'quarter' }, true],
];

describe('merging the states of two halves equals the state of the whole', () => {
  it.each(CASES)('%s %j', (metric, given, eitherOrder) => {
    const spec = metricNamed(metric)!;
    const options = { ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)), until: UNTIL };
    const make = () => spec.create(parseOptions(spec.options, options));
    fc.assert(
      fc.property(seeds, ({ rows, cut }) => {
        const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
        const whole = make();
        feed(whole, spec.rows, rows);
        const expected = whole.table().table.rows;
        const orders: [boolean][] = eitherOrder ? [[false], [true]] : [[false]];
        for (const [reversed] of orders) {
          const first = make();
          const second = make();
          feed(first, spec.rows, rows.slice(0, at));
          feed(second, spec.rows, rows.slice(at));
          const merged = reversed ? second : first;
          merged.state.merge(reversed ? first.state : second.state);
          expectSameTable(merged.table().table.rows, expected);
        }
      }),
      { numRuns: 40 },
    );
  });
});

// A part read on another thread numbers its customers as it meets them; the
// main thread renumbers its state (remapCustomers) before the merge, or merges
// it renumbered in one pass (mergeRenumbered, where a state has it: the
// parts engine takes that way then). The second half is numbered that way
// here, so a state that renumbers lazily or only in part (the funnel's log)
// is held to the same tables, either way.
type Made = ReturnType<NonNullable<ReturnType<typeof metricNamed>>['create']>;
const MERGES: [string, 'remapCustomers' | 'mergeRenumbered', string[], (first: Made, second: Made, mapping: Int32Array) => void][] = [
  ['renumbered, then merged', 'remapCustomers', ['churn', 'retention', 'stickiness', 'lifecycle', 'funnel', 'trend'], (first, second, mapping) => {
    second.state.remapCustomers!(mapping);
    first.state.merge(second.state);
  }],
  ['merged renumbered in one pass', 'mergeRenumbered', ['churn', 'retention', 'lifecycle'], (first, second, mapping) => first.state.mergeRenumbered!(second.state, mapping)],
];

describe.each(MERGES)('a half numbered as another thread numbers it, %s, equals the whole', (_way, method, metrics, mergeHalves) => {
  const optionsOf = (given: Record<string, unknown>) => ({ ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)), until: UNTIL });
  const renumbering = CASES.filter(([metric, given]) => {
    const spec = metricNamed(metric)!;
    return spec.create(parseOptions(spec.options, optionsOf(given))).state[method] !== undefined;
  });
  it('covers the metrics that keep customers by number this way', () => {
    expect(new Set(renumbering.map(([metric]) => metric))).toEqual(new Set(metrics));
  });
  it.each(renumbering)('%s %j', (metric, given) => {
    const spec = metricNamed(metric)!;
    const options = optionsOf(given);
    const make = () => spec.create(parseOptions(spec.options, options));
    // Rows over a week as well as over half a year: in a week most of a customer's events are in a funnel's window.
    fc.assert(
      fc.property(fc.oneof(seeds, seedsWithin(7 * 86_400_000)), ({ rows, cut }) => {
        const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
        const whole = make();
        feed(whole, spec.rows, rows);
        const first = make();
        const second = make();
        feed(first, spec.rows, rows.slice(0, at));
        // The second half's own numbers, in the order its customers first come; mapping[own] is the whole's number.
        const own = new Map<number, number>();
        for (const row of rows.slice(at)) if (!own.has(row.customer)) own.set(row.customer, own.size);
        feed(second, spec.rows, rows.slice(at).map((row) => ({ ...row, customer: own.get(row.customer)! })));
        mergeHalves(first, second, Int32Array.from(own.keys()));
        expectSameTable(first.table().table.rows, whole.table().table.rows);
      }),
      { numRuns: 80 },
    );
  });
});
