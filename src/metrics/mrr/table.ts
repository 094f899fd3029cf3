import { snakeCase } from '../../schema/columns.js';
import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { ledgerPeriods } from './subscription-plan.js';
import { compareLabels, type Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { MrrLedger } from './ledger.js';
import { emptyMrrPeriod, mrrMovements, type MrrPeriod, type TrialRule } from './movements.js';
import { MS_PER_DAY } from '../../time/calendar.js';
import { openTrialsNote, trialWindowDays, type MrrOptions } from './options.js';

// `engage mrr` (subscription-revenue.md): a row per period of each currency
// and group, the movements, the roll-forward, the quick ratio, ARPA, ASP and
// LTV; each currency's all row sums its complete periods.

const COUNTS: [keyof MrrPeriod, string][] = [
  ['customersAtStart', 'customers_at_start'], ['mrrAtStart', 'mrr_at_start'], ['newCustomers', 'new'], ['newMrr', 'new_mrr'],
  ['reactivated', 'reactivated'], ['reactivationMrr', 'reactivation_mrr'], ['expansionCustomers', 'expansion_customers'], ['expansionMrr', 'expansion_mrr'],
  ['contractionCustomers', 'contraction_customers'], ['contractionMrr', 'contraction_mrr'], ['churned', 'churned'], ['churnedMrr', 'churned_mrr'],
];

/** The figures' columns, in order: the SQL form (sql.ts) names its result's columns by them. */
export const MRR_FIGURES: ResultColumn[] = [
  ...COUNTS.map(([field, name]): ResultColumn => ({ name, type: field.toLowerCase().includes('mrr') ? 'number' : 'count' })),
  { name: 'net_new_mrr', type: 'number' },
  { name: 'customers_at_end', type: 'count' },
  { name: 'mrr_at_end', type: 'number' },
  { name: 'churn_rate', type: 'rate' },
  { name: 'retention_rate', type: 'rate' },
  { name: 'gross_mrr_churn', type: 'rate' },
  { name: 'net_mrr_churn', type: 'rate' },
  { name: 'started_and_ended', type: 'count' },
  { name: 'trials', type: 'count' },
  { name: 'trial_conversions', type: 'count' },
  { name: 'trial_conversion', type: 'rate' },
  { name: 'quick_ratio', type: 'number' },
  { name: 'asp', type: 'number' },
  { name: 'arpa', type: 'number' },
  { name: 'ltv', type: 'number' },
];

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function mrrTable(grouped: Grouped<EventInput, MrrLedger>, plan: EventPlan, options: MrrOptions, currencyColumn: boolean): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const overall = grouped.overall();
  const { keys, boundaries } = ledgerPeriods(periods, overall);
  const complete = keys.map((key) => !span.isPartial(periods, key));
  const currencyNames = [...overall.currencyIds.keys()];
  const zone = plan.time.zone;
  const trialRule: TrialRule = {
    dayOf: (time) => Math.floor((time + zone.offsetAt(time)) / MS_PER_DAY),
    dayStart: (day) => zone.toUtc(day * MS_PER_DAY),
    windowDays: trialWindowDays(options),
    dataEnd: span.end(),
  };
  const byGroup = grouped.sorted().map((group) => ({ values: group.key.values, movements: mrrMovements(group.state, boundaries, trialRule), ids: [...group.state.currencyIds.keys()] }));
  const all = mrrMovements(overall, boundaries, trialRule);
  const currencyOf = (name: string) => (currencyColumn ? (name === '' ? '(blank)' : name) : (options.currency?.toUpperCase() ?? ''));

  const rows: Cell[][] = [];
  const periodKeys: (number | null)[] = [];
  const partial = new Set<number>();
  const trialsOpen = new Map<number, number>();
  let ltvUndefined = false;
  for (const currency of [...currencyNames].sort(compareLabels)) {
    const label = currencyColumn ? [currencyOf(currency)] : [];
    for (const group of options.groupBy.length > 0 ? byGroup : []) {
      const found = group.movements.get(group.ids.indexOf(currency));
      if (found !== undefined) addPeriods(found, [...label, ...group.values]);
    }
    const totals = all.get(overall.currencyIds.get(currency)!)!;
    if (options.groupBy.length === 0) addPeriods(totals, label);
    rows.push(['all', false, ...label, ...options.groupBy.map(() => 'all'), ...allCells(totals)]);
    periodKeys.push(null);
  }

  function addPeriods(figures: MrrPeriod[], labels: Cell[]): void {
    const rates = figures.map((p) => ratio(p.churned, p.customersAtStart));
    figures.forEach((p, j) => {
      const arpa = ratio(p.mrrAtEnd, p.customersAtEnd);
      // LTV: ARPA over the mean churn rate of the --ltv-window periods before this one (those with a rate).
      const window = rates.slice(Math.max(0, j - options.ltvWindow), j).filter((r): r is number => r !== null);
      const meanRate = window.length === 0 ? 0 : window.reduce((a, b) => a + b, 0) / window.length;
      const ltv = arpa !== null && meanRate > 0 ? arpa / meanRate : null;
      if (ltv === null && arpa !== null) ltvUndefined = true;
      const isPartial = !complete[j] || p.openTrials > 0;
      if (!complete[j]) partial.add(keys[j]);
      else if (p.openTrials > 0) trialsOpen.set(keys[j], Math.max(trialsOpen.get(keys[j]) ?? 0, p.openTrials));
      rows.push([periods.label(keys[j]), isPartial, ...labels, ...cells(p), arpa, ltv]);
      periodKeys.push(keys[j]);
    });
  }

  function cells(p: MrrPeriod): Cell[] {
    const churnRate = ratio(p.churned, p.customersAtStart);
    const losses = p.contractionMrr + p.churnedMrr;
    return [
      ...COUNTS.map(([field]) => p[field]),
      p.mrrAtEnd - p.mrrAtStart,
      p.customersAtEnd,
      p.mrrAtEnd,
      churnRate,
      churnRate === null ? null : 1 - churnRate,
      ratio(p.churnedMrr + p.contractionMrr, p.mrrAtStart),
      ratio(p.churnedMrr + p.contractionMrr - p.expansionMrr, p.mrrAtStart),
      p.startedAndEnded,
      p.trials,
      p.trialConversions,
      ratio(p.trialConversions, p.trials),
      ratio(p.newMrr + p.reactivationMrr + p.expansionMrr, losses),
      ratio(p.newMrr, p.newCustomers),
    ];
  }

  /** The all row: counts and movements over complete periods, the first period's start, the last complete one's end; no ARPA or LTV. */
  function allCells(figures: MrrPeriod[]): Cell[] {
    const sum = emptyMrrPeriod();
    const whole = figures.map((p, j) => complete[j] && p.openTrials === 0);
    figures.forEach((p, j) => {
      if (!whole[j]) return;
      for (const [field] of COUNTS) sum[field] += p[field];
      sum.startedAndEnded += p.startedAndEnded;
      sum.trials += p.trials;
      sum.trialConversions += p.trialConversions;
    });
    const lastComplete = whole.lastIndexOf(true);
    sum.customersAtEnd = lastComplete >= 0 ? figures[lastComplete].customersAtEnd : 0;
    sum.mrrAtEnd = lastComplete >= 0 ? figures[lastComplete].mrrAtEnd : 0;
    // The rates pool the complete periods (Σ churned / Σ customers at their starts, Σ lost MRR / Σ MRR at their starts) …
    const row = cells(sum);
    // … while mrr_at_start is the first period's, and net new MRR runs from it to the last complete end.
    const firstStart = figures.length > 0 ? figures[0].mrrAtStart : 0;
    row[1] = firstStart;
    row[COUNTS.length] = sum.mrrAtEnd - firstStart;
    return [...row, null, null];
  }

  const notes = [
    ...(ltvUndefined ? [`ltv is undefined where the mean churn rate of the ${options.ltvWindow} periods before is 0 (nobody churned) or there is none yet`] : []),
    ...[...partial].sort((a, b) => a - b).map((key) => span.partialNote(periods, key)),
    ...[...trialsOpen].sort(([a], [b]) => a - b).map(([key, open]) => openTrialsNote(periods.label(key), open, options.trialWindow)),
  ];
  return {
    table: {
      title: `MRR movements${!currencyColumn && options.currency !== undefined ? ` (${options.currency.toUpperCase()})` : ''}`,
      formula:
        "per customer, m0 = MRR at the period's start, m1 = at its end: churned (m1 = 0), expansion (m1 > m0), contraction (m1 < m0), new (m0 = 0, never paid before), reactivation (m0 = 0, paid before); " +
        'mrr_at_end = mrr_at_start + new + reactivation + expansion − contraction − churned; quick_ratio = (new + reactivation + expansion) / (contraction + churned); ' +
        `trial_conversion = trials whose customer started paying within ${options.trialWindow} (calendar days) / trials started; asp = new_mrr / new; arpa = mrr_at_end / customers_at_end; ltv = arpa / mean churn_rate of the ${options.ltvWindow} periods before; ` +
        "all: sums over complete periods, mrr_at_start of the first period, mrr_at_end of the last complete one" + (currencyColumn ? '; amounts of two currencies are never added' : ''),
      columns: [{ name: 'period', type: 'period' }, { name: 'partial', type: 'flag' }, ...(currencyColumn ? [{ name: 'currency', type: 'text' } as ResultColumn] : []), ...options.groupBy.map((name): ResultColumn => ({ name: snakeCase(name), type: 'text' })), ...MRR_FIGURES],
      rows,
      partialColumn: 'partial',
      periodKeys,
      chartEachFigure: false,
    },
    notes,
    periods,
  };
}
