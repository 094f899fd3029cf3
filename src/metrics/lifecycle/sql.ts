import type { SqlContext } from '../../sql/sql-context.js';
import { countedEvents } from '../events/event-plan.js';
import { activityTableSql } from '../events/events-sql.js';
import type { EventOptions } from '../events/event-options.js';

// Lifecycle as SQL (METRICS.md "Lifecycle"; the streaming form is table.ts):
// of the customers active in p, new (p is their first active period),
// returning (also active in p−1), resurrecting (the others); dormant =
// −(active in p−1, not in p); quick ratio = (new + resurrecting) / |dormant|.
// The overall row sums the periods of all groups together.

export function lifecycleSql(options: EventOptions, context: SqlContext): string {
  const d = context.dialect;
  const quickRatio = (fresh: string, resurrecting: string, dormant: string) => `CASE WHEN ${dormant} > 0 THEN ${d.double(`${fresh} + ${resurrecting}`)} / ${dormant} END`;
  const sum = (expr: string) => `CAST(coalesce(sum(${expr}), 0) AS BIGINT)`;
  return activityTableSql({
    options,
    context,
    selected: countedEvents(options),
    overall: () => [
      { name: 'active', expr: sum('active') },
      { name: 'new_customers', expr: sum('new_customers') },
      { name: 'stayed', expr: sum('stayed') },
      { name: 'dormant', expr: sum('churned') },
    ],
    columns: [
      { name: 'active', row: 'active', all: 'active' },
      { name: 'new', row: 'new_customers', all: 'new_customers' },
      { name: 'returning', row: 'stayed', all: 'stayed' },
      { name: 'resurrecting', row: 'active - new_customers - stayed', all: 'active - new_customers - stayed' },
      { name: 'dormant', row: '-churned', all: '-dormant' },
      { name: 'quick_ratio', row: quickRatio('new_customers', 'active - new_customers - stayed', 'churned'), all: quickRatio('new_customers', 'active - new_customers - stayed', 'dormant') },
    ],
  });
}
