import { describe, expect, it } from 'vitest';
import { runEvents } from '../helpers/events.js';
import { failure } from '../helpers/rate.js';

// engage paths as product-analytics.md defines it, worked by hand.

const paths = async (lines: string[], options: Record<string, unknown>) => runEvents('paths', ['user,time,event', ...lines].join('\n'), options);
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, 0) + minutes * 60_000).toISOString();

describe('engage paths', () => {
  // a: land land search item cart; b: land search search item; c: land (nothing after); d: search land cart.
  const lines = [
    `a,${at(0)},land`, `a,${at(1)},land`, `a,${at(2)},search`, `a,${at(3)},item`, `a,${at(4)},cart`,
    `b,${at(0)},land`, `b,${at(1)},search`, `b,${at(2)},search`, `b,${at(3)},item`,
    `c,${at(0)},land`,
    `d,${at(0)},search`, `d,${at(1)},land`, `d,${at(2)},cart`,
  ];

  it('collapses repeats in a row, the anchor’s own included, and keeps shorter paths apart', async () => {
    const { rows } = await paths(lines, { after: 'land', depth: 3 });
    // a: search item cart; b: search item; c: none; d: cart. Ties of one customer by their names: the anchor alone first.
    expect(rows.map((r) => [r.rank, r.path, r.customers, r.share])).toEqual([
      [1, 'land', 1, 0.25],
      [2, 'land → cart', 1, 0.25],
      [3, 'land → search → item', 1, 0.25],
      [4, 'land → search → item → cart', 1, 0.25],
    ]);
  });

  it('--depth shortens paths, which may then merge; --top puts the rest in other, the shares summing to 1', async () => {
    const { rows } = await paths(lines, { after: 'land', depth: 1, top: 1 });
    // search: a, b; none: c; cart: d.
    expect(rows.map((r) => [r.rank, r.path, r.customers, r.share])).toEqual([[1, 'land → search', 2, 0.5], [null, 'other', 2, 0.5]]);
  });

  it('--before: the names leading to the first anchor, in time order', async () => {
    const { rows } = await paths(lines, { before: 'cart', depth: 2 });
    // a: search item (land land search item → the 2 before cart); d: search land.
    expect(rows.map((r) => r.path)).toEqual(['search → item → cart', 'search → land → cart']);
  });

  it('--list: the customers on a path, by rank or by names', async () => {
    expect((await paths(lines, { after: 'land', depth: 1, list: '1' })).rows.map((r) => r.customer_id)).toEqual(['a', 'b']);
    expect((await paths(lines, { after: 'land', depth: 1, list: 'cart' })).rows.map((r) => r.customer_id)).toEqual(['d']);
  });

  it('needs one of --after and --before', async () => {
    expect((await failure(paths(lines, {}))).message).toContain('engage paths needs --after EVENT or --before EVENT');
    expect((await failure(paths(lines, { after: 'land', before: 'cart' }))).exitCode).toBe(2);
  });
});

describe('options with nothing to act on', () => {
  it('are errors: --top with --list', async () => {
    expect((await failure(paths(['a,2026-03-02T09:00:00Z,land'], { after: 'land', list: '1', top: 3 }))).message).toContain('--top says how many paths the table lists');
  });
});
