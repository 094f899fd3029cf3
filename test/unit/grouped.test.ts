import { describe, expect, it } from 'vitest';
import { Grouped } from '../../src/metrics/grouped.js';
import type { Accumulator } from '../../src/metrics/types.js';
import type { Keyed } from '../../src/schema/plans/row-plan.js';

class Count implements Accumulator<Keyed> {
  n = 0;
  add(): void {
    this.n++;
  }
  merge(other: Count): void {
    this.n += other.n;
  }
}

describe('Grouped', () => {
  it('sorts groups by period, then blanks, numbers as numbers, and other labels by their characters, whatever order they came in', () => {
    const labels = ['1a', '10', '(blank)', '9', 'b', '2', '-3', '2.5', 'B'];
    for (const order of [labels, [...labels].reverse()]) {
      const grouped = new Grouped<Keyed, Count>(() => new Count(), 1, true);
      for (const label of order) grouped.add({ period: label === 'b' ? 1 : 0, groups: [label] });
      expect(grouped.sorted().map((g) => `${g.key.period}:${g.key.values[0]}`)).toEqual(['0:(blank)', '0:-3', '0:2', '0:2.5', '0:9', '0:10', '0:1a', '0:B', '1:b']);
    }
  });

  it('gives each row its own group, whatever the pairs of period and label that meet in its recent slots', () => {
    // 40 periods × 30 labels of every length and last character, rows in a scrambled order, each pair 1 + (p + l) % 3 times.
    const labels = Array.from({ length: 30 }, (_, l) => 'x'.repeat(l % 7) + String.fromCharCode(97 + ((l * 11) % 26)));
    const rows: Keyed[] = [];
    for (let p = 0; p < 40; p++) for (let l = 0; l < labels.length; l++) for (let k = 0; k <= (p + l) % 3; k++) rows.push({ period: 1000 + p * 31, groups: [labels[l]] });
    for (let i = rows.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    for (const [depth, byPeriod] of [[1, true], [1, false], [0, true]] as const) {
      const grouped = new Grouped<Keyed, Count>(() => new Count(), depth, byPeriod);
      for (const row of rows) grouped.add(depth === 1 ? row : { ...row, groups: [] });
      const expected = new Map<string, number>();
      for (const row of rows) {
        const key = `${byPeriod ? row.period : 0}:${depth === 1 ? row.groups[0] : ''}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const got = new Map(grouped.sorted().map((g) => [`${g.key.period}:${g.key.values[0] ?? ''}`, g.state.n]));
      expect(got, `depth ${depth}, by period ${byPeriod}`).toEqual(expected);
    }
  });
});
