import { describe, expect, it } from 'vitest';
import { CellBytes } from '../../src/io/records.js';
import { CellLabels } from '../../src/schema/plans/cell-labels.js';

// A column's labels made once per distinct cell, and a test of each (a
// selected event name) asked once per label, whether the cell came as bytes
// or as text.

describe('labels of repeating cells', () => {
  it('asks the test once a distinct label, and says of each row whether its label passed', () => {
    const asked: string[] = [];
    const cell = new CellBytes(0);
    const labels = new CellLabels(cell, (text) => String(text).toLowerCase(), (label) => {
      asked.push(label);
      return label !== 'visit';
    });
    const seen: [string, boolean][] = [];
    for (const name of ['Signup', 'visit', 'Signup', 'purchase', 'visit', 'purchase']) {
      cell.point(Buffer.from(`x,${name},y`), 2, 2 + name.length, false);
      seen.push([labels.of(['']), labels.lastKept]);
    }
    expect(seen).toEqual([['signup', true], ['visit', false], ['signup', true], ['purchase', true], ['visit', false], ['purchase', true]]);
    expect(asked).toEqual(['signup', 'visit', 'purchase']);
    // A reader of text fills no bytes: the cell is read, and tested, as it comes.
    const text = new CellLabels(new CellBytes(1), (t) => String(t), (label) => label === 'a');
    expect([text.of(['', 'a']), text.lastKept, text.of(['', 'b']), text.lastKept]).toEqual(['a', true, 'b', false]);
  });

  it('tells apart labels of one length or one beginning, and finds labels past the first eight as it found the first', () => {
    const cell = new CellBytes(0);
    const labels = new CellLabels(cell, (text) => String(text).toUpperCase(), (label) => label.startsWith('C'));
    // Labels of six bytes differing in one byte (the first, a middle or the last), and labels that begin with another, then each again in another order.
    const names = ['signup', 'cancel', 'cancem', 'cbncel', 'cancelled', 'signu', 'sign_p', 'aaaaaa', 'aaaaab', 'caaaaa', 'baaaaa', 'signups', 'aaaaba'];
    const order = [...names, ...names.map((_, i) => names[(i * 5) % names.length])];
    const seen = order.map((name) => {
      cell.point(Buffer.from(`;${name};`), 1, 1 + name.length, false);
      return [labels.of(['']), labels.lastKept];
    });
    expect(seen).toEqual(order.map((name) => [name.toUpperCase(), name.startsWith('c')]));
  });

  it('keeps its own copy of a label\'s bytes: the buffer a cell points into is read into again', () => {
    const cell = new CellBytes(0);
    const labels = new CellLabels(cell, (text) => String(text));
    const chunk = Buffer.alloc(16);
    const seen = ['signup', 'visits', 'signup', 'visits'].map((name) => {
      chunk.fill(0).write(name, 3);
      cell.point(chunk, 3, 3 + name.length, false);
      return labels.of(['']);
    });
    expect(seen).toEqual(['signup', 'visits', 'signup', 'visits']);
  });

  it('keeps every label without a test', () => {
    const cell = new CellBytes(0);
    const labels = new CellLabels(cell, (text) => String(text));
    cell.point(Buffer.from('any'), 0, 3, false);
    expect([labels.of(['']), labels.lastKept]).toEqual(['any', true]);
  });
});
