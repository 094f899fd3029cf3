import { Float64List, Int32List, remapIndexes } from '../../kernels/growable.js';

// The events a metric keeps to work out at the end (a funnel's attempts, a
// retention membership's returns, a customer's path): a column per field,
// the customer and the instant first, in the order the rows came. Parts read
// on other threads are appended in file order, their customers renumbered.
// Each column is a field of the object itself, so that a part's state crosses
// to the main thread as any other.

const OWN = Symbol('columns');

export abstract class EventColumns {
  readonly customers = new Int32List();
  readonly times = new Float64List();

  /** The columns beyond the customer and the instant, in the order push() takes their values. */
  protected abstract columns(): Int32List[];

  /** columns(), asked once: a log takes millions of events. Under a symbol, which a state crossing threads does not carry. */
  private [OWN]: Int32List[] | undefined;

  /** One event: its customer, instant and the other columns' values (three at most; no array made per event). */
  protected push(customer: number, time: number, a = 0, b = 0, c = 0): void {
    this.customers.push(customer);
    this.times.push(time);
    const own = (this[OWN] ??= this.columns());
    if (own.length > 0) own[0].push(a);
    if (own.length > 1) own[1].push(b);
    if (own.length > 2) own[2].push(c);
  }

  remapCustomers(mapping: Int32Array): void {
    remapIndexes(this.customers, mapping);
  }

  merge(other: this): void {
    this.customers.append(other.customers);
    this.times.append(other.times);
    const theirs = this.renumbered(other);
    this.columns().forEach((column, i) => column.append(theirs[i]));
  }

  /**
   * The other state's columns as this one appends them. A state whose columns hold interned
   * names gives copies renumbered into its own numbering: the other state stays as it was,
   * which matters when it is a group's state that the overall merges and the group's own
   * table is made after.
   */
  protected renumbered(other: this): Int32List[] {
    return other.columns();
  }
}

/** A name's number in `ids`, a new one when it has none. */
export function intern(ids: Map<string, number>, name: string): number {
  let id = ids.get(name);
  if (id === undefined) ids.set(name, (id = ids.size));
  return id;
}

/** A copy of a column of names interned in `theirs`, renumbered as `mine` numbers them (−1 stays −1). */
export function reinterned(column: Int32List, theirs: Map<string, number>, mine: Map<string, number>): Int32List {
  const mapping = new Int32Array(theirs.size);
  for (const [name, id] of theirs) mapping[id] = intern(mine, name);
  const copy = new Int32List();
  const values = column.view();
  for (let i = 0; i < values.length; i++) copy.push(values[i] >= 0 ? mapping[values[i]] : values[i]);
  return copy;
}
