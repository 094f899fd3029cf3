import { NoSqlForm } from '../../sql/no-sql-form.js';
import { sqlName, sqlString } from '../../sql/dialect.js';
import { groupLabel, labelOrder } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';
import { snakeCase } from '../../schema/columns.js';
import { countedEvents } from '../events/event-plan.js';
import { amountSql, eventRowsSql } from '../events/events-sql.js';
import type { RetentionOptions } from './options.js';
import { lower } from './table.js';
import { membershipRetentionSql } from './membership-sql.js';
import { mrrRetentionSql } from './mrr-sql.js';
import type { Cell, ResultColumn, ResultTable } from '../types.js';

// Cohort retention as SQL (METRICS.md "Cohort retention"): customers are
// counted from their memberships (membership-sql.ts); here, --revenue: cell
// (c, k) sums the amounts of cohort c's return events in period c+k
// (--cumulative: up to it). SQL returns a fixed set of columns: offsets 0 to
// --max-offset, those past the data NULL, and how many the data reaches.

export function retentionSql(options: RetentionOptions, context: SqlContext, selected: readonly string[] | 'all' | undefined, maxOffset: number): string {
  if (options.list !== undefined) throw new NoSqlForm('--list');
  if (options.mrr) return mrrRetentionSql(options, context, maxOffset);
  // Customers are counted from memberships (modes, references and means too); revenue is summed by the triangle below.
  if (!options.revenue) return membershipRetentionSql(options, context, selected, maxOffset);
  const d = context.dialect;
  const periods = context.periods(options.period, options.tz, options.weekStart)!;
  const { since, until } = context.window(options);
  const groupNames = options.groupBy;
  const g = groupNames.map((_, i) => `g${i + 1}`);
  const isStart = options.startEvents.length > 0 ? `event IN (${lower(options.startEvents).map(sqlString).join(', ')})` : 'true';
  const isReturnOf = (event: string) => (options.returnEvents.length > 0 ? `${event} IN (${lower(options.returnEvents).map(sqlString).join(', ')})` : 'true');
  const isReturn = isReturnOf('event');
  const offsets = Array.from({ length: maxOffset + 1 }, (_, k) => k);
  const withGroups = (list: string[]) => [...list, ''].join(', ');
  // A cell sums money (--cumulative: up to its offset).
  const cell = (sum: string) => `coalesce(${sum}, 0)`;

  const triangle = (suffix: string, keys: string[]) => {
    const keyList = withGroups(keys);
    const joinKeys = (a: string, b: string) => [`${a}.customer = ${b}.customer`, ...keys.map((k) => `${a}.${k} = ${b}.${k}`)].join(' AND ');
    // The amounts of the cohort's return events, by offset.
    const retained = `retained${suffix} AS (
  SELECT ${keys.map((k) => `s.${k} AS ${k}, `).join('')}s.cohort AS cohort, ${periods.offset('s.cohort', 'r.period_start')} AS k, ${d.sum('r.amount')} AS n
  FROM starts${suffix} s JOIN counted r ON ${joinKeys('r', 's')} AND r.period_start >= s.cohort AND r.amount IS NOT NULL AND ${isReturnOf('r.event')}
  GROUP BY ${keys.map((k) => `s.${k}, `).join('')}s.cohort, ${periods.offset('s.cohort', 'r.period_start')}
)`;
    return [
      `starts${suffix} AS (\n  SELECT ${keyList}customer, min(period_start) AS cohort\n  FROM counted WHERE ${isStart}\n  GROUP BY ${keyList}customer\n)`,
      `returns${suffix} AS (\n  SELECT DISTINCT ${keyList}customer, period_start\n  FROM counted WHERE ${isReturn}\n)`,
      retained,
      `cells${suffix} AS (
  SELECT ${keys.map((k) => `z.${k}, `).join('')}z.cohort, z.customers,
         ${offsets.map((k) => `${cell(`sum(r.n) FILTER (WHERE r.k ${options.cumulative ? '<=' : '='} ${k})`)} AS r${k}`).join(',\n         ')}
  FROM (SELECT ${keyList}cohort, CAST(count(*) AS BIGINT) AS customers FROM starts${suffix} GROUP BY ${keyList}cohort) z
  LEFT JOIN retained${suffix} r ON r.cohort = z.cohort${keys.map((k) => ` AND r.${k} = z.${k}`).join('')}
  GROUP BY ${keys.map((k) => `z.${k}, `).join('')}z.cohort, z.customers
)`,
    ];
  };

  const share = (retained: string, size: string) => (options.counts ? retained : `CASE WHEN ${size} > 0 THEN ${d.double(retained)} / ${size} END`);
  const steps = [
    `counted AS (\n  ${eventRowsSql(options, context, countedEvents(options, { selected }), groupNames.map((name) => groupLabel(d, context.groupColumn(name))), { columns: [amountSql(context)] })}\n)`,
    ...triangle('', g),
    ...(g.length > 0 ? triangle('_all', []) : []),
    // The data ends at the last period with a start or a return event.
    `last_period AS (\n  SELECT max(p) AS last FROM (SELECT period_start AS p FROM returns${g.length > 0 ? '_all' : ''} UNION ALL SELECT cohort FROM starts${g.length > 0 ? '_all' : ''}) periods\n)`,
    periods.dataEndStep(until),
    `span AS (\n  SELECT last_period.last AS last, ${periods.partial('last_period.last', since)} AS last_partial\n  FROM last_period CROSS JOIN data_end\n)`,
  ];
  // Each cohort's offsets that have begun (available) and ended (complete), against the data's last period.
  const measured = (suffix: string) =>
    `measured${suffix} AS (\n  SELECT c.*, ${periods.offset('c.cohort', 'span.last')} + 1 AS available,\n         ${periods.offset('c.cohort', 'span.last')} + 1 - CASE WHEN span.last_partial THEN 1 ELSE 0 END AS complete,\n         span.last_partial\n  FROM cells${suffix} c CROSS JOIN span\n)`;
  steps.push(measured(''), ...(g.length > 0 ? [measured('_all')] : []));
  const groupRows = `SELECT 0 AS overall_row, ${g.map((key) => `${key}, `).join('')}cohort AS cohort_start,
         ${periods.label('cohort')} AS cohort, customers,
         ${offsets.map((k) => `CASE WHEN ${k} < available THEN ${share(`r${k}`, 'customers')} END AS offset_${k}`).join(',\n         ')},
         CASE WHEN last_partial THEN available - 1 END AS partial_offset
  FROM measured`;
  // The bottom row: Σ retained / Σ cohort sizes over the cohorts whose cell at that offset is complete.
  const over = (k: number, sum: string) => (sum !== 'customers' ? `${d.sum(sum)} FILTER (WHERE ${k} < complete)` : `CAST(sum(${sum}) FILTER (WHERE ${k} < complete) AS BIGINT)`);
  const overallRow = `SELECT 1, ${g.map(() => `'all', `).join('')}NULL, 'all', CAST(coalesce(sum(customers), 0) AS BIGINT),
         ${offsets.map((k) => (options.counts ? `CASE WHEN ${over(k, 'customers')} > 0 THEN ${over(k, `r${k}`)} END` : share(over(k, `r${k}`), over(k, 'customers')))).join(',\n         ')},
         NULL
  FROM measured${g.length > 0 ? '_all' : ''}`;
  steps.push(
    `shown AS (\n  SELECT coalesce(max(available), 0) AS columns_shown FROM measured${g.length > 0 ? '_all' : ''}\n)`,
    `triangle AS (\n  ${groupRows}\n  UNION ALL\n  ${overallRow}\n)`,
  );
  const select = [
    ...groupNames.map((name, i) => `${g[i]} AS ${sqlName(snakeCase(name))}`),
    'cohort AS "cohort"',
    'customers AS "customers"',
    ...offsets.map((k) => `offset_${k} AS "offset_${k}"`),
    'partial_offset AS "partial_offset"',
    'shown.columns_shown AS "columns_shown"',
  ];
  const order = ['overall_row', ...g.flatMap((key) => labelOrder(d, key)), 'cohort_start'];
  return `WITH ${steps.join(',\n')}\nSELECT ${select.join(',\n       ')}\nFROM triangle CROSS JOIN shown\nORDER BY ${order.join(', ')}`;
}

/**
 * The triangle an SQL engine computed, as the streaming engine shows it: the
 * offset columns up to the last one the data reaches (the statement has
 * them all to --max-offset), and the partial cells marked.
 */
export function retentionTableFromSql(skeleton: ResultTable, names: string[], rows: Cell[][], options: RetentionOptions): { table: ResultTable; notes: string[] } {
  const offsets = names.flatMap((name, i) => (/^offset_\d+(_\d+)?$/.test(name) ? [i] : []));
  // The statement says how many columns the data reaches (the engines ask again with more when it has fewer: retentionOffsetsNeeded).
  const shownAt = names.indexOf('columns_shown');
  const width = Math.min(offsets.length, Number(rows[0]?.[shownAt] ?? 0));
  const keep = names.map((name, i) => i !== shownAt && (!offsets.includes(i) || offsets.indexOf(i) < width));
  const columns = names.filter((_, i) => keep[i]).map((name): ResultColumn => skeleton.columns.find((c) => c.name === name) ?? { name, type: offsetType(options) });
  const kept = rows.map((row) => row.filter((_, i) => keep[i]));
  const partialAt = columns.findIndex((c) => c.name === 'partial_offset');
  const firstOffset = columns.findIndex((c) => c.name === 'offset_0');
  const marks = kept.flatMap((row, r): [number, number][] => (typeof row[partialAt] === 'number' ? [[r, firstOffset + (row[partialAt] as number)]] : []));
  return { table: { ...skeleton, columns, rows: kept, marks, overallRow: kept.length - 1 }, notes: [] };
}

/** The last offset a statement needs a column for, when the data reaches past the statement's --max-offset (engines then ask again). */
export function retentionOffsetsNeeded(names: string[], rows: Cell[][], options: RetentionOptions): number | undefined {
  const shown = Number(rows[0]?.[names.indexOf('columns_shown')] ?? 0);
  const offsets = names.filter((name) => /^offset_\d+$/.test(name)).length;
  return options.brackets === undefined && shown > offsets ? shown - 1 : undefined;
}

/** What an offset cell holds: money (revenue, or MRR kept with --counts), customers, or a share. */
function offsetType(options: RetentionOptions): ResultColumn['type'] {
  if (options.revenue || (options.mrr && options.counts)) return 'number';
  return options.counts ? 'count' : 'rate';
}
