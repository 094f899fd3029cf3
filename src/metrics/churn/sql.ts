import type { SqlContext } from '../../sql/sql-context.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import { subscriptionChurnSql } from './subscription-sql.js';
import { countedEvents } from '../events/event-plan.js';
import { activityTableSql } from '../events/events-sql.js';
import type { ChurnOptions } from './options.js';

// Churn, activity model, as SQL (METRICS.md "Churn"; the streaming form is
// activity-table.ts): A(p) = customers active in p; for each period of a
// group from its first to its last active one, churned = |A(p−1) \ A(p)|,
// churn rate = churned / |A(p−1)|; new = first activity ever in p. The
// overall row: every customer ever active, and Σ churned / Σ A(p−1) over the
// complete periods of all groups together.

export function churnSql(options: ChurnOptions, context: SqlContext): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  if (options.model === 'subscription') {
    // Its runs of events join on names ClickHouse scopes otherwise: not written for it yet.
    return subscriptionChurnSql(options, context);
  }
  const d = context.dialect;
  const rate = (churned: string, base: string) => `CASE WHEN ${base} > 0 THEN ${d.double(churned)} / ${base} END`;
  const complete = (partial: string) => `FILTER (WHERE NOT first_period AND NOT ${partial})`;
  return activityTableSql({
    options,
    context,
    selected: countedEvents(options),
    overall: (partial) => [
      { name: 'ever_active', expr: '(SELECT count(DISTINCT customer) FROM counted)' },
      { name: 'churned', expr: `CAST(coalesce(sum(churned) ${complete(partial)}, 0) AS BIGINT)` },
      { name: 'base', expr: `CAST(coalesce(sum(base) ${complete(partial)}, 0) AS BIGINT)` },
    ],
    columns: [
      { name: 'active', row: 'active', all: 'ever_active' },
      { name: 'new', row: 'new_customers', all: 'ever_active' },
      { name: 'returning', row: 'active - new_customers', all: '0' },
      { name: 'active_before', row: 'CASE WHEN NOT first_period THEN base END', all: 'base' },
      { name: 'churned', row: 'CASE WHEN NOT first_period THEN churned END', all: 'churned' },
      { name: 'churn_rate', row: `CASE WHEN NOT first_period THEN ${rate('churned', 'base')} END`, all: rate('churned', 'base') },
      { name: 'retention_rate', row: `CASE WHEN NOT first_period THEN 1 - ${rate('churned', 'base')} END`, all: `1 - ${rate('churned', 'base')}` },
    ],
  });
}
