import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { groupedBy } from '../../kernels/grouped-by.js';
import { customerList, noSuchCell } from '../customer-list.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import { membershipsOf, type Membership, type MembershipRule, type RetentionLog } from './memberships.js';
import type { RetentionOptions } from './options.js';
import { tableWords, triangleTable } from './table.js';
import { bracketColumns, calendarReach, membershipTriangle, offsetColumns, retainedColumns, windowReach, type Column, type MembershipCounting } from './triangle.js';

// The retention table of --mode recurring, --windows 24h, --brackets and
// --min-occurrences: the same triangle and all row as the default one, its
// cells counted from each customer's memberships.

const DAY_MS = 86_400_000;

/** The length of offset k with --windows 24h: a day, 7 days, 30 days. */
export function windowLength(options: RetentionOptions): number | undefined {
  if (options.windows !== '24h') return undefined;
  return options.period === 'day' ? DAY_MS : options.period === 'week' ? 7 * DAY_MS : 30 * DAY_MS;
}

export function membershipTable(grouped: Grouped<EventInput, RetentionLog>, plan: EventPlan, options: RetentionOptions): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const rule: MembershipRule = { mode: options.mode, windowMs: windowLength(options) };
  const log = grouped.overall();
  const members = membershipsOf(log, rule, periods);
  // Calendar offsets end with the last period that has a start or a return event; 24-hour windows with the data.
  let lastKey = Number.NEGATIVE_INFINITY;
  for (const key of log.periods.view()) if (key > lastKey) lastKey = key;
  const partialLast = Number.isFinite(lastKey) && span.isPartial(periods, lastKey);
  const reach = (cohort: number, cohortMembers: readonly Membership[]) =>
    rule.windowMs === undefined ? calendarReach(periods, cohort, lastKey, partialLast) : windowReach(cohortMembers, rule.windowMs, span.end());
  const byCohort = groupedBy(members, (m) => m.cohort);
  const widest = Math.max(0, ...[...byCohort].map(([cohort, cohortMembers]) => reach(cohort, cohortMembers).begun));
  const columns: Column[] = options.brackets ? bracketColumns(options.brackets) : offsetColumns(widest);
  const counting: MembershipCounting = { columns, minOccurrences: options.minOccurrences, unbounded: options.unbounded };
  if (options.list !== undefined) return membershipList(members, counting, plan, options.list, (key) => periods.label(key));
  const triangleOf = (state: RetentionLog) => membershipTriangle(state === log ? members : membershipsOf(state, rule, periods), counting, reach);
  const built = triangleTable(grouped, triangleOf as (state: never) => ReturnType<typeof triangleOf>, triangleOf(log), columns, periods, options.groupBy, {
    counts: options.counts,
    revenue: false,
    reference: options.reference,
    mean: options.mean,
  });
  const notes: string[] = [];
  if (rule.windowMs === undefined && partialLast) notes.push(span.partialNote(periods, lastKey));
  if (rule.windowMs !== undefined && built.partial) notes.push('a column is partial (marked) when some member’s window of it had not ended when the data did; the all row leaves it out');
  return { table: { ...tableWords(options), columns: built.columns, rows: built.rows, overallRow: built.rows.length - 1, marks: built.marks, shade: !options.counts }, notes };
}

/** --list COHORT:K: the members of cohort COHORT counted in column K (an offset, or with --brackets the bracket's number from 0). */
function membershipList(members: readonly Membership[], counting: MembershipCounting, plan: EventPlan, cell: string, label: (key: number) => string): JobResult {
  const at = cell.lastIndexOf(':');
  const [name, k] = [cell.slice(0, at), Number(cell.slice(at + 1))];
  const cohorts = [...new Set(members.map((m) => m.cohort))].sort((a, b) => a - b);
  const cohort = cohorts.find((key) => label(key) === name);
  if (cohort === undefined) throw noSuchCell(name, 'cohort', cohorts.map(label));
  if (k >= counting.columns.length) throw noSuchCell(String(k), 'column', counting.columns.map((_, j) => String(j)));
  const customers = members.filter((m) => m.cohort === cohort && retainedColumns(m, counting)[k]).map((m) => m.customer);
  return customerList({
    title: `Customers of cohort ${name} counted in ${counting.columns[k].name}`,
    cell: [
      { name: 'cohort', value: name },
      { name: 'offset', value: String(k) },
    ],
    customers,
    ids: plan.customers,
  });
}
