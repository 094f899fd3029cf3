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
});
