import { sqlString } from '../../sql/dialect.js';
import { NoSqlForm } from '../../sql/no-sql-form.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { eventRowsSql } from '../events/events-sql.js';
import { anchorOf, type PathsOptions } from './options.js';

// Paths as SQL (the streaming form is paths.ts): each customer's events in
// order with a run of one name kept once (the name differs from the one
// before), their first anchor event, the names after (or before) it, and the
// paths counted, the --top first, then the other row.

export function pathsSql(options: PathsOptions, context: SqlContext): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  const d = context.dialect;
  const { event, direction } = anchorOf(options);
  const within = direction === 'after' ? `r.pos > a.at AND r.pos <= a.at + ${options.depth}` : `r.pos < a.at AND r.pos >= a.at - ${options.depth}`;
  const arrow = sqlString(' → ');
  const text = direction === 'after'
    ? `${sqlString(event)} || CASE WHEN steps = 0 THEN '' ELSE ${arrow} || ${d.joinList('names', arrow)} END`
    : `CASE WHEN steps = 0 THEN '' ELSE ${d.joinList('names', arrow)} || ${arrow} END || ${sqlString(event)}`;
  const steps = [
    `counted AS (\n  ${eventRowsSql({ ...options, groupBy: [] }, context, options.events.length > 0 ? options.events : undefined, [])}\n)`,
    `numbered AS (\n  SELECT *, ${d.rowNumber(['customer', 'ts', 'event'])} AS row_id FROM counted\n)`,
    `ordered AS (\n  SELECT customer, event, ts, row_id, lag(event) OVER (PARTITION BY customer ORDER BY ts, row_id) AS previous FROM numbered\n)`,
    // A run of one name is one step.
    `reduced AS (\n  SELECT customer, event, row_number() OVER (PARTITION BY customer ORDER BY ts, row_id) AS pos\n  FROM ordered WHERE previous IS NULL OR previous <> event\n)`,
    `anchors AS (\n  SELECT customer, min(pos) AS at FROM reduced WHERE event = ${sqlString(event)} GROUP BY customer\n)`,
    `path_lists AS (
  SELECT r.customer AS customer, ${d.orderedList('r.event', 'r.pos')} AS names, count(*) AS steps
  FROM reduced r JOIN anchors a ON a.customer = r.customer
  WHERE ${within}
  GROUP BY r.customer
)`,
    // A customer with nothing after (before) the anchor has no list (ClickHouse: an empty one): their steps are 0.
    `counts AS (\n  SELECT p.names AS names, coalesce(p.steps, 0) AS steps, count(*) AS customers\n  FROM anchors a LEFT JOIN path_lists p ON p.customer = a.customer\n  GROUP BY p.names, coalesce(p.steps, 0)\n)`,
    // Most customers first; ties by the names, a path before any longer one it begins (the anchor alone first).
    `ranked AS (\n  SELECT names, steps, customers, row_number() OVER (ORDER BY customers DESC, CASE WHEN steps = 0 THEN 0 ELSE 1 END, names) AS path_rank FROM counts\n)`,
    `total AS (\n  SELECT count(*) AS anchors FROM anchors\n)`,
    `table_rows AS (
  SELECT path_rank, ${text} AS path, customers FROM ranked WHERE path_rank <= ${options.top}
  UNION ALL
  SELECT NULL, 'other', rest FROM (SELECT CAST(coalesce(sum(customers), 0) AS BIGINT) AS rest FROM ranked WHERE path_rank > ${options.top}) other_paths WHERE rest > 0
)`,
  ];
  return `WITH ${steps.join(',\n')}
SELECT path_rank AS "rank", path AS "path", customers AS "customers", ${d.double('customers')} / total.anchors AS "share"
FROM table_rows CROSS JOIN total
ORDER BY CASE WHEN path_rank IS NULL THEN 1 ELSE 0 END, path_rank`;
}
