import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { compareLabels, type Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { MrrLedger } from '../mrr/ledger.js';
import { walkCustomers } from '../mrr/movements.js';
import { ledgerPeriods } from '../mrr/subscription-plan.js';
import type { Cell, ResultColumn } from '../types.js';
import type { RetentionOptions } from './options.js';

// retention --mrr (subscription-revenue.md "Revenue retention cohorts"): a
// customer's cohort is the period of their first paying instant; S = the
// cohort's MRR at the end of that period; NRR(c, k) = its MRR at the end of
// c+k / S; GRR counts each customer at most at their own starting MRR.

interface Cohort {
  customers: number;
  start: number;
  /** Σ MRR (NRR) or Σ min(MRR, start) (GRR) at the end of c+k, by k. */
  kept: number[];
}

/** Each cohort (period index) of a ledger's customers of each currency. */
function cohortsOf(ledger: MrrLedger, boundaries: readonly number[], gross: boolean): Map<number, Map<number, Cohort>> {
  const byCurrency = new Map<number, Map<number, Cohort>>();
  const count = Math.max(0, boundaries.length - 1);
  walkCustomers(ledger, boundaries, (walk) => {
    const c = walk.paidInside.indexOf(1);
    if (c < 0) return;
    let cohorts = byCurrency.get(walk.currency);
    if (cohorts === undefined) byCurrency.set(walk.currency, (cohorts = new Map()));
    let cohort = cohorts.get(c);
    if (cohort === undefined) cohorts.set(c, (cohort = { customers: 0, start: 0, kept: new Array<number>(count - c).fill(0) }));
    const start = walk.ends[c];
    cohort.customers++;
    cohort.start += start;
    for (let k = 0; c + k < count; k++) cohort.kept[k] += gross ? Math.min(walk.ends[c + k], start) : walk.ends[c + k];
  });
  return byCurrency;
}

export function mrrCohortTable(grouped: Grouped<EventInput, MrrLedger>, plan: EventPlan, options: RetentionOptions, currencyColumn: boolean): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const overall = grouped.overall();
  const { keys, boundaries } = ledgerPeriods(periods, overall);
  const count = keys.length;
  const partialLast = count > 0 && span.isPartial(periods, keys[count - 1]);
  // The last offset whose period has ended, for cohort c: count − 1 − c, less one when the last period is partial.
  const complete = (c: number, k: number) => c + k < count - (partialLast ? 1 : 0);
  const all = cohortsOf(overall, boundaries, options.gross);
  const groups = options.groupBy.length > 0 ? grouped.sorted().map((group) => ({ values: group.key.values, cohorts: cohortsOf(group.state, boundaries, options.gross), ids: [...group.state.currencyIds.keys()] })) : [];
  const width = Math.max(0, ...[...all.values()].flatMap((cohorts) => [...cohorts.keys()].map((c) => count - c)));
  const firstOffset = (currencyColumn ? 1 : 0) + options.groupBy.length + 3;
  const share = (kept: number, start: number): Cell => (options.counts ? kept : start > 0 ? kept / start : null);

  const rows: Cell[][] = [];
  const marks: [number, number][] = [];
  const emit = (cohorts: Map<number, Cohort>, labels: Cell[]) => {
    for (const c of [...cohorts.keys()].sort((a, b) => a - b)) {
      const cohort = cohorts.get(c)!;
      // A cohort with no starting MRR (paid only inside its period) has no cells.
      const cells = Array.from({ length: width }, (_, k): Cell => (k < cohort.kept.length && cohort.start > 0 ? share(cohort.kept[k], cohort.start) : null));
      const partialOffset = partialLast ? cohort.kept.length - 1 : null;
      if (partialOffset !== null && cohort.start > 0) marks.push([rows.length, firstOffset + partialOffset]);
      rows.push([...labels, periods.label(keys[c]), cohort.customers, cohort.start, ...cells, partialOffset]);
    }
  };
  let overallRow = 0;
  const currencyIds = overall.currencyIds;
  for (const currency of [...currencyIds.keys()].sort(compareLabels)) {
    const label = currencyColumn ? [currency === '' ? '(blank)' : currency] : [];
    const cohorts = all.get(currencyIds.get(currency)!) ?? new Map<number, Cohort>();
    if (options.groupBy.length === 0) emit(cohorts, label);
    for (const group of groups) {
      const found = group.cohorts.get(group.ids.indexOf(currency));
      if (found !== undefined) emit(found, [...label, ...group.values]);
    }
    // The all row: Σ kept / Σ starting MRR over the cohorts whose period c+k has ended.
    const cells = Array.from({ length: width }, (_, k): Cell => {
      let [kept, start, any] = [0, 0, false];
      for (const [c, cohort] of cohorts) {
        if (!complete(c, k)) continue;
        [kept, start, any] = [kept + cohort.kept[k], start + cohort.start, true];
      }
      return any ? share(kept, start) : null;
    });
    let [customers, start] = [0, 0];
    for (const cohort of cohorts.values()) [customers, start] = [customers + cohort.customers, start + cohort.start];
    overallRow = rows.length;
    rows.push([...label, ...options.groupBy.map(() => 'all'), 'all', customers, start, ...cells, null]);
  }

  const what = options.gross ? 'Σ min(MRR at the end of period c+k, the customer’s MRR at the end of c)' : 'Σ MRR at the end of period c+k';
  const columns: ResultColumn[] = [
    ...(currencyColumn ? [{ name: 'currency', type: 'text' } as ResultColumn] : []),
    ...options.groupBy.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })),
    { name: 'cohort', type: 'period' },
    { name: 'customers', type: 'count' },
    { name: 'start_mrr', type: 'number' },
    ...Array.from({ length: width }, (_, k): ResultColumn => ({ name: `offset_${k}`, type: options.counts ? 'number' : 'rate' })),
    { name: 'partial_offset', type: 'count' },
  ];
  return {
    table: {
      title: `${options.gross ? 'Gross' : 'Net'} revenue retention (MRR) by cohort${options.counts ? ': MRR kept' : ''}`,
      formula:
        `cohort = period of a customer's first payment; start_mrr = the cohort's MRR at the end of its period; offset_k = ${what} of the cohort's customers` +
        `${options.counts ? '' : ' / start_mrr'}; the all row: Σ / Σ start_mrr over cohorts whose period c+k has ended` + (currencyColumn ? '; amounts of two currencies are never added' : ''),
      columns,
      rows,
      overallRow,
      marks,
      shade: !options.counts,
    },
    notes: partialLast ? [span.partialNote(periods, keys[count - 1])] : [],
  };
}
