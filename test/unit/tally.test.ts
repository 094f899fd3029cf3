import { describe, expect, it } from 'vitest';
import { Tally } from '../../src/notes/tally.js';

// Notes counted under one message each, with their first three places. A
// key added row after row is found again without a lookup (the last key's
// entry is kept): keys that take turns must still count apart.

describe('a tally of notes', () => {
  it('counts keys that take turns apart, each with its own first places', () => {
    const tally = new Tally();
    const at = (line: number) => () => ({ file: 'f.csv', line });
    const [a, b] = [(n: number) => `${n} a`, (n: number) => `${n} b`];
    tally.add('a', a, at(1));
    tally.add('a', a, at(2));
    tally.add('b', b, at(3));
    tally.add('a', a, at(4));
    tally.add('a', a, at(5));
    tally.add(`${'b'}`, b, at(6));
    tally.add('a', a, at(7));
    expect(tally.counts()).toEqual([
      ['a', 5],
      ['b', 2],
    ]);
    expect(tally.messages()).toEqual(['5 a (at f.csv:1, 2, 4, …)', '2 b (at f.csv:3, 6)']);
    // A part's counts added to these, once every key has its first places.
    expect(tally.addCounts([['a', 10]])).toBe(true);
    tally.add('a', a, at(8));
    expect(tally.counts()).toEqual([
      ['a', 16],
      ['b', 2],
    ]);
  });
});
