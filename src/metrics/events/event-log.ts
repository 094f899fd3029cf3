import { Int32List } from '../../kernels/growable.js';
import type { EventInput } from '../../schema/plans/events.js';
import type { Accumulator } from '../types.js';
import { EventColumns, intern, reinterned } from './event-columns.js';

// Every event of every customer: who, when and which name, the names
// interned (the log keeps numbers). Paths and drivers read each customer's
// events in order from it.

export class EventLog extends EventColumns implements Accumulator<EventInput> {
  readonly names = new Int32List();
  /** Each event name's number: part of the state, so that a part read on another thread is renumbered as it merges. */
  readonly ids = new Map<string, number>();

  protected columns(): Int32List[] {
    return [this.names];
  }

  add(row: EventInput): void {
    this.push(row.customer, row.time, intern(this.ids, row.event));
  }

  protected override renumbered(other: this): Int32List[] {
    return [reinterned(other.names, other.ids, this.ids)];
  }
}
