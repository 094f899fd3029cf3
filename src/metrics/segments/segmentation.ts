import { UsageError } from '../../errors.js';
import { counted } from '../../notes/plural.js';
import type { EventPlan, SegmentGrouping } from '../../schema/plans/events.js';
import { formatInstant } from '../../time/format-instant.js';
import { compareLabels } from '../grouped.js';
import type { Cell, ResultTable } from '../types.js';
import { SegmentLog } from './segment-log.js';
import { ANY_EVENT, countsOf, NO_SEGMENT, type SegmentDefinition } from './grammar.js';
import { Memberships } from './memberships.js';

// --segment in an event metric: a first reading of the input, every event
// of it (after --where, --since and --until; --event does not choose them),
// decides each customer's segments; the metric's own reading then puts each
// row in the groups of its customer's segments (--group-by @segment), or the
// job lists one segment's customers (--list @NAME).

export class Segmentation implements SegmentGrouping {
  readonly log: SegmentLog;
  private memberships: Memberships | undefined;
  /** The first reading's number of each of the metric's customers, or −1 before it is looked up. */
  private readingOf = new Int32Array(0);

  constructor(
    readonly definitions: readonly SegmentDefinition[],
    /** Where @segment is among --group-by, or −1 when the segments are only listed. */
    readonly slot: number,
    /** The segment --list @NAME names, if it does. */
    readonly listed: string | undefined,
    /** The first reading: every event of the input, no group. */
    readonly plan: EventPlan,
    private readonly originEvents?: readonly string[],
  ) {
    const named = definitions.flatMap((d) => countsOf(d.condition).map((node) => node.event));
    this.log = new SegmentLog(named.includes(ANY_EVENT) ? 'all' : new Set([...named, ...(originEvents ?? [])]));
    if (listed !== undefined && listed !== NO_SEGMENT && !definitions.some((d) => d.name === listed)) {
      throw new UsageError(`--list @${listed}: no --segment of that name`, [`one of: ${[...definitions.map((d) => `@${d.name}`), `@${NO_SEGMENT}`].join(', ')}`]);
    }
    const trailing = definitions.some((d) => countsOf(d.condition).some((node) => node.window.kind === 'last'));
    if (trailing && plan.time.periods === undefined) {
      throw new UsageError('--segment: "in last Dd" counts the last days of each period, and this table has no periods', ['add --period month (or week, day …), or count the first days with "within Dd"']);
    }
  }

  order(a: string, b: string): number {
    const rank = (label: string) => {
      const at = this.definitions.findIndex((d) => d.name === label);
      return at < 0 ? this.definitions.length : at;
    };
    return rank(a) - rank(b);
  }

  /** The segments, decided once the first reading is over. */
  private decided(): Memberships {
    this.memberships ??= new Memberships(this.log, {
      definitions: this.definitions,
      zone: this.plan.time.zone,
      periods: this.plan.time.periods,
      dataEnd: this.plan.time.span.end(),
      originEvents: this.originEvents,
    });
    return this.memberships;
  }

  labelsOf(customer: number, id: () => string, period: number): readonly string[] {
    const memberships = this.decided();
    if (customer >= this.readingOf.length) {
      const grown = new Int32Array(Math.max(customer + 1, this.readingOf.length * 2)).fill(-1);
      grown.set(this.readingOf);
      this.readingOf = grown;
    }
    let reading = this.readingOf[customer];
    // The first reading read every row this one counts: the id is among its customers already.
    if (reading < 0) reading = this.readingOf[customer] = this.plan.customers.intern(id());
    return memberships.labelsOf(reading, period);
  }

  /** What the table should say of the segments; `grouped`: whether its rows are groups of customers (not one per customer). */
  notes(grouped = true): string[] {
    const memberships = this.decided();
    const notes: string[] = [];
    for (const event of memberships.unseenEvents) notes.push(`--segment: no event named "${event}" in the data read; its count is 0 for every customer`);
    const open = memberships.openWindows;
    if (open > 0) notes.push(`${open === 1 ? "1 customer's first days were" : `${open.toLocaleString('en-US')} customers' first days were`} not over when the data ends; their segment may change`);
    if (!memberships.perPeriod) {
      const empty = this.definitions.filter((d) => !memberships.sizes.has(d.name)).map((d) => d.name);
      if (empty.length > 0) notes.push(`no customer is in segment ${empty.join(', ')}: ${empty.length === 1 ? 'it has' : 'they have'} no row`);
      if (grouped && this.slot >= 0 && memberships.overlapping > 0) notes.push(`segments overlap: ${counted(memberships.overlapping, 'customer')} in several count in each of their groups, so the groups add up to more than the overall row, which counts each customer once`);
    } else if (grouped && this.slot >= 0 && this.definitions.length > 1) {
      notes.push('segments may overlap: a customer in several counts in each of their groups, and once in the overall row');
    }
    return notes;
  }

  /** --list @NAME: the segment's customers, one per line, with their first event. */
  list(): { table: ResultTable; notes: string[] } {
    const name = this.listed!;
    const memberships = this.decided();
    if (memberships.perPeriod) throw new UsageError(`--list @${name}: a segment counted "in last" days is decided per period, so it has no one list of customers`, ['count the first days ("within Dd") or the whole data for a list']);
    const zone = this.plan.time.zone;
    const rows = memberships
      .members(name)
      .map(({ customer, first }): Cell[] => [this.plan.customers.idOf(customer), formatInstant(first, zone)])
      .sort((a, b) => compareLabels(a[0] as string, b[0] as string));
    const defined = this.definitions.find((d) => d.name === name);
    return {
      table: {
        title: `Customers of segment ${name}${defined ? `: ${defined.text}` : ' (in no segment)'}`,
        formula: counted(rows.length, 'customer'),
        columns: [
          { name: 'customer_id', type: 'text' },
          { name: 'first_event', type: 'timestamp' },
        ],
        rows,
      },
      notes: this.notes(false),
    };
  }

  /** Each listed customer's segments, joined, for a list of customers (a metric's own --list, engage customers) with --group-by @segment. */
  segmentColumn(): (id: string) => string {
    const memberships = this.decided();
    if (memberships.perPeriod) throw new UsageError('a list of customers has no one period, and a segment counted "in last" days is decided per period', ['count the first days ("within Dd") or the whole data for a segment column, or leave out --group-by @segment']);
    return (id) => memberships.labelsOf(this.plan.customers.intern(id), 0).join('; ');
  }
}
