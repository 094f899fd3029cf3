import type { CellBytes } from '../../io/records.js';
import { ByteTable } from '../../kernels/byte-table.js';

// Labels of cells that repeat from row to row (a platform, a country, an
// event's name): each distinct cell's label is made once and found again by
// the cell's bytes, so a reader that scans bytes makes no string for them.

/** Labels compared byte for byte before the table is asked. */
const FEW_LABELS = 8;

export class CellLabels {
  private readonly table = new ByteTable();
  /**
   * The first FEW_LABELS labels' bytes (label k's at k): a log's event names
   * are a few, and a cell is found among them by its length and bytes
   * quicker than the table hashes it (a multiply a byte, in a chain) and
   * then compares it all the same.
   */
  private readonly few: Uint8Array[] = [];
  private readonly labels: string[] = [];
  /** Whether each label passes `keeps`, asked once a label. */
  private readonly kept: boolean[] = [];
  /** Whether the label `of` gave last passes `keeps` (a selected event's name, say). */
  lastKept = true;

  constructor(
    /** Filled by a byte-scanning reader when the plan handed it on; else never (then the cell is read). */
    readonly bytes: CellBytes,
    private readonly make: (cell: unknown) => string,
    /** A test of each label, asked once a label rather than once a row (a set's lookup was 1.4% of a funnel's samples). */
    private readonly keeps: (label: string) => boolean = () => true,
  ) {}

  /** The label of the row's cell (and lastKept, whether it passes the test). */
  of(cells: readonly unknown[]): string {
    const cell = this.bytes;
    if (cell.to < 0) {
      const label = this.make(cells[cell.column]);
      this.lastKept = this.keeps(label);
      return label;
    }
    const { bytes, from, to } = cell;
    const few = this.few;
    for (let k = 0; k < few.length; k++) {
      const known = few[k];
      if (known.length !== to - from) continue;
      let i = 0;
      while (i < known.length && known[i] === bytes[from + i]) i++;
      if (i === known.length) {
        this.lastKept = this.kept[k];
        return this.labels[k];
      }
    }
    const key = this.table.intern(bytes, from, to);
    if (key === this.labels.length) {
      const label = this.make(cell.text());
      this.labels.push(label);
      this.kept.push(this.keeps(label));
      // A copy: the cell's bytes are a read chunk's, which the next chunks are read into.
      if (key < FEW_LABELS) few.push(new Uint8Array(bytes.subarray(from, to)));
    }
    this.lastKept = this.kept[key];
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
