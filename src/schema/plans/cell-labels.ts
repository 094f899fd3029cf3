import type { CellBytes } from '../../io/records.js';
import { ByteTable } from '../../kernels/byte-table.js';

// Labels of cells that repeat from row to row (a platform, a country, an
// event's name): each distinct cell's label is made once and found again by
// the cell's bytes, so a reader that scans bytes makes no string for them.

export class CellLabels {
  private readonly table = new ByteTable();
  private readonly labels: string[] = [];

  constructor(
    /** Filled by a byte-scanning reader when the plan handed it on; else never (then the cell is read). */
    readonly bytes: CellBytes,
    private readonly make: (cell: unknown) => string,
  ) {}

  /** The label of the row's cell. */
  of(cells: readonly unknown[]): string {
    const cell = this.bytes;
    if (cell.to < 0) return this.make(cells[cell.column]);
    const key = this.table.intern(cell.bytes, cell.from, cell.to);
    if (key === this.labels.length) this.labels.push(this.make(cell.text()));
    return this.labels[key];
  }
}

/**
 * Which columns a row plan may take as bytes: those read by one role only.
 * A column taken as bytes is left '' among the cells, so a column that a
 * second role reads (a --group-by on the customer id, say) stays text.
 */
export function readOnce(indexes: readonly (number | undefined)[]): (index: number) => boolean {
  const roles = new Map<number, number>();
  for (const index of indexes) if (index !== undefined) roles.set(index, (roles.get(index) ?? 0) + 1);
  return (index) => roles.get(index) === 1;
}
