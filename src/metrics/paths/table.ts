import { UsageError } from '../../errors.js';
import type { EventPlan } from '../../schema/plans/events.js';
import { customerList, noSuchCell } from '../customer-list.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import { anchorOf, pathText, type PathsOptions } from './options.js';
import type { EventLog } from '../events/event-log.js';
import { comparePaths, customerPaths } from './paths.js';

// `engage paths`: the K most common paths (customers, share of those with
// the anchor), ties by their names in code-point order, then the other row.

interface RankedPath {
  names: string[];
  customers: number[];
}

function rankedPaths(log: EventLog, options: PathsOptions): { ranked: RankedPath[]; anchors: number } {
  const ids = log.ids;
  const { event, direction } = anchorOf(options);
  const anchor = ids.get(event);
  const byId = [...ids.keys()];
  const paths = anchor === undefined ? new Map<number, number[]>() : customerPaths(log, anchor, direction, options.depth);
  const byPath = new Map<string, RankedPath>();
  for (const [customer, path] of paths) {
    const names = path.map((id) => byId[id]);
    const key = names.join('\u0000');
    const entry = byPath.get(key) ?? { names, customers: [] };
    entry.customers.push(customer);
    byPath.set(key, entry);
  }
  const ranked = [...byPath.values()].sort((a, b) => b.customers.length - a.customers.length || comparePaths(a.names, b.names));
  return { ranked, anchors: paths.size };
}

export function pathsTable(log: EventLog, plan: EventPlan, options: PathsOptions): JobResult {
  const { event, direction } = anchorOf(options);
  const { ranked, anchors } = rankedPaths(log, options);
  if (options.list !== undefined) return pathList(ranked, plan, options, event, direction);
  const rows: Cell[][] = ranked.slice(0, options.top).map((p, i) => [i + 1, pathText(p.names, event, direction), p.customers.length, p.customers.length / anchors]);
  const rest = ranked.slice(options.top).reduce((sum, p) => sum + p.customers.length, 0);
  if (rest > 0) rows.push([null, 'other', rest, rest / anchors]);
  const columns: ResultColumn[] = [
    { name: 'rank', type: 'count' },
    { name: 'path', type: 'text' },
    { name: 'customers', type: 'count' },
    { name: 'share', type: 'rate' },
  ];
  return {
    table: {
      title: `Paths ${direction} ${event} (depth ${options.depth})`,
      formula: `each customer's events in order, repeats in a row as one; the ${options.depth} ${direction === 'after' ? 'after' : 'before'} their first ${event}; share = customers on the path / customers with ${event}`,
      columns,
      rows,
    },
    notes: anchors === 0 ? [`no customer has ${event}: no paths`] : [],
  };
}

/** --list PATH: the customers on one path, by its rank or its names after (before) the anchor joined by >. */
function pathList(ranked: RankedPath[], plan: EventPlan, options: PathsOptions, event: string, direction: 'after' | 'before'): JobResult {
  const given = options.list!;
  const found = /^\d+$/.test(given) ? ranked[Number(given) - 1] : ranked.find((p) => p.names.join('>') === given.toLowerCase().split('>').map((n) => n.trim()).join('>'));
  if (found === undefined) {
    if (/^\d+$/.test(given)) throw new UsageError(`--list ${given}: there are ${ranked.length} paths`, ['a rank from 1, as the table numbers them']);
    throw noSuchCell(given, 'path', ranked.slice(0, 8).map((p) => p.names.join('>')));
  }
  return customerList({
    title: `Customers on the path ${pathText(found.names, event, direction)}`,
    cell: [{ name: 'path', value: pathText(found.names, event, direction) }],
    customers: found.customers,
    ids: plan.customers,
  });
}
