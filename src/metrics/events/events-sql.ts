import { sqlString } from '../../engines/sql/dialect.js';
import { instantLiteral } from '../../engines/sql/periods-sql.js';
import type { SqlContext } from '../../engines/sql/sql-context.js';
import { whereSql } from '../../engines/sql/where-sql.js';
import type { EventOptions } from './event-options.js';

// The rows an event metric counts, as SQL: --where, the event's name, the
// timestamp in --since/--until, and a customer, as the event plan reads them
// (src/schema/plans/events.ts). A blank customer or a missing time stops the
// statement, as they stop engage.

export interface EventRowsSql {
  /** The SELECT of the counted events: customer, ts, period_start, event (lower-cased), g1… */
  select: string;
}

const BLANK_WORDS = "('', 'na', 'n/a', '#n/a', 'null', '-', '—')";

export function eventRowsSql(options: EventOptions, context: SqlContext, selected: readonly string[] | undefined, groups: string[]): string {
  const d = context.dialect;
  const customer = context.column('customer_id');
  const ts = context.column('timestamp');
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const customerText = `trim(${d.text(customer)})`;
  const where = [
    ...whereSql(options.where, d),
    d.refuse(`${ts} IS NULL`, `'engage: an event without a timestamp'`),
  ];
  const event = selected !== undefined || context.has('event') ? `lower(trim(${d.text(context.column('event'))}))` : `''`;
  if (selected !== undefined) where.push(`${event} IN (${[...new Set(selected.map((name) => name.trim().toLowerCase()))].map(sqlString).join(', ')})`);
  if (Number.isFinite(since)) where.push(`${ts} >= ${instantLiteral(since)}`);
  if (Number.isFinite(until)) where.push(`${ts} < ${instantLiteral(until)}`);
  where.push(d.refuse(`${customer} IS NULL OR lower(${customerText}) IN ${BLANK_WORDS}`, `'engage: a row with a blank customer_id (drop such rows with --where ''customer_id!='')'`));
  const columns = [`${customerText} AS customer`, `${ts} AS ts`, `${periods.start(ts)} AS period_start`, `${event} AS event`, ...groups.map((g, i) => `${g} AS g${i + 1}`)];
  return `SELECT ${columns.join(',\n         ')}\n  FROM ${context.table}\n  WHERE ${where.join('\n    AND ')}`;
}
