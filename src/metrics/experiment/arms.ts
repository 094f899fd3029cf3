import { CompensatedSum } from '../../kernels/float-list.js';
import type { ArmInput } from '../../schema/plans/users.js';
import type { Accumulator } from '../types.js';
import type { ArmSums } from './moments.js';

// Each variant's sufficient statistics, summed exactly (so that a file read
// in parts gives the digits one pass gives): users, Σy, Σy², a ratio's
// denominator sums and the covariate's. The state is one flat map of sums,
// keyed by variant and field, that merges and crosses threads as it is.

const FIELDS = ['n', 'y', 'yy', 'd', 'dd', 'yd', 'x', 'xx', 'xy'] as const;
type Field = (typeof FIELDS)[number];

export class Arms implements Accumulator<ArmInput> {
  readonly sums = new Map<string, CompensatedSum>();
  /** Whether some metric (covariate) value was neither 0 nor 1: the metric is a mean, not a proportion. */
  nonBinaryY = false;
  nonBinaryX = false;

  add(row: ArmInput): void {
    for (const field of FIELDS) this.sum(row.variant, field).add(row[field]);
    if (!row.binaryY) this.nonBinaryY = true;
    if (!row.binaryX) this.nonBinaryX = true;
  }

  private sum(variant: string, field: Field): CompensatedSum {
    const key = `${variant}\u0000${field}`;
    let sum = this.sums.get(key);
    if (sum === undefined) this.sums.set(key, (sum = new CompensatedSum()));
    return sum;
  }

  merge(other: Arms): void {
    for (const [key, theirs] of other.sums) {
      let mine = this.sums.get(key);
      if (mine === undefined) this.sums.set(key, (mine = new CompensatedSum()));
      mine.merge(theirs);
    }
    this.nonBinaryY ||= other.nonBinaryY;
    this.nonBinaryX ||= other.nonBinaryX;
  }

  variants(): string[] {
    return [...new Set([...this.sums.keys()].map((key) => key.slice(0, key.indexOf('\u0000'))))];
  }

  /** A variant's sums as the statistics read them; a ratio's denominator and the covariate when asked for. */
  armSums(variant: string, parts: { ratio: boolean; covariate: boolean }): ArmSums {
    const value = (field: Field) => this.sums.get(`${variant}\u0000${field}`)?.value() ?? 0;
    return {
      n: value('n'),
      sum: value('y'),
      sumSquares: value('yy'),
      ...(parts.ratio ? { denominator: { sum: value('d'), sumSquares: value('dd'), sumProducts: value('yd') } } : {}),
      ...(parts.covariate ? { covariate: { sum: value('x'), sumSquares: value('xx'), sumProducts: value('xy') } } : {}),
    };
  }
}
