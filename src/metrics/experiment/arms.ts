import { CompensatedSum } from '../../kernels/float-list.js';
import type { ArmInput } from '../../schema/plans/users.js';
import type { Accumulator } from '../types.js';
import type { ArmSums } from './moments.js';

// Each variant's sufficient statistics, summed exactly (so that a file read
// in parts gives the digits one pass gives): users, Σy, Σy², a ratio's
// denominator sums and the covariate's. One array of sums per variant, found
// once a row (a row is one user: the variant's sums are all it touches).

const FIELDS = ['n', 'y', 'yy', 'd', 'dd', 'yd', 'x', 'xx', 'xy'] as const;

export class Arms implements Accumulator<ArmInput> {
  readonly sums = new Map<string, CompensatedSum[]>();
  /** Whether some metric (covariate) value was neither 0 nor 1: the metric is a mean, not a proportion. */
  nonBinaryY = false;
  nonBinaryX = false;

  add(row: ArmInput): void {
    const sums = this.of(row.variant);
    for (let f = 0; f < FIELDS.length; f++) sums[f].add(row[FIELDS[f]]);
    if (!row.binaryY) this.nonBinaryY = true;
    if (!row.binaryX) this.nonBinaryX = true;
  }

  private of(variant: string): CompensatedSum[] {
    let sums = this.sums.get(variant);
    if (sums === undefined) this.sums.set(variant, (sums = FIELDS.map(() => new CompensatedSum())));
    return sums;
  }

  merge(other: Arms): void {
    for (const [variant, theirs] of other.sums) {
      const mine = this.of(variant);
      theirs.forEach((sum, f) => mine[f].merge(sum));
    }
    this.nonBinaryY ||= other.nonBinaryY;
    this.nonBinaryX ||= other.nonBinaryX;
  }

  variants(): string[] {
    return [...this.sums.keys()];
  }

  /** A variant's sums as the statistics read them; a ratio's denominator and the covariate when asked for. */
  armSums(variant: string, parts: { ratio: boolean; covariate: boolean }): ArmSums {
    const sums = this.sums.get(variant);
    const [n, y, yy, d, dd, yd, x, xx, xy] = FIELDS.map((_, f) => sums?.[f].value() ?? 0);
    return {
      n,
      sum: y,
      sumSquares: yy,
      ...(parts.ratio ? { denominator: { sum: d, sumSquares: dd, sumProducts: yd } } : {}),
      ...(parts.covariate ? { covariate: { sum: x, sumSquares: xx, sumProducts: xy } } : {}),
    };
  }
}
