import type { Accumulator } from './types.js';

// Splits rows by a key (period and --group-by values) into one accumulator
// each. The overall figure is the merge of all groups, so it is computed once
// at the end instead of on every row.

export interface GroupKey {
  /** Sortable period number, or 0 when there is no --period. */
  period: number;
  values: string[];
}

export interface Group<A> {
  key: GroupKey;
  state: A;
}

export class Grouped<Row, Result, A extends Accumulator<Row, Result>> {
  private readonly groups = new Map<string, Group<A>>();

  constructor(private readonly create: () => A) {}

  /** The accumulator for a key; `id` must identify the key uniquely. */
  get(id: string, key: () => GroupKey): A {
    let group = this.groups.get(id);
    if (group === undefined) {
      group = { key: key(), state: this.create() };
      this.groups.set(id, group);
    }
    return group.state;
  }

  merge(other: Grouped<Row, Result, A>): void {
    for (const [id, group] of other.groups) {
      const mine = this.groups.get(id);
      if (mine === undefined) this.groups.set(id, group);
      else mine.state.merge(group.state);
    }
  }

  /** Groups sorted by period, then by their values; deterministic output. */
  sorted(): Group<A>[] {
    return [...this.groups.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  overall(): A {
    const total = this.create();
    for (const group of this.sorted()) total.merge(group.state);
    return total;
  }
}

function compareKeys(a: GroupKey, b: GroupKey): number {
  if (a.period !== b.period) return a.period - b.period;
  for (let i = 0; i < a.values.length; i++) {
    if (a.values[i] !== b.values[i]) return a.values[i] < b.values[i] ? -1 : 1;
  }
  return 0;
}
