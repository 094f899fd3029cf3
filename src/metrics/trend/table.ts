import type { EventInput, EventPlan } from '../../schema/plans/events.js';
import { snakeCase } from '../../schema/columns.js';
import type { Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import { evaluateFormula } from './formula.js';
import type { TrendOptions, TrendRequest } from './options.js';
import type { Series } from './series.js';
import type { TrendState } from './state.js';

// `engage trend` (product-analytics.md "Trends"): a row per period from the
// first to the last of the data (or --since/--until), periods without rows
// included; with --group-by each value's rows for every period, then the
// overall ones. The formula is computed on the unsmoothed series; --smooth
// then replaces each printed column by its trailing mean.

export function trendTable(grouped: Grouped<EventInput, TrendState>, plan: EventPlan, options: TrendOptions, request: TrendRequest): JobResult {
  const periods = plan.time.periods!;
  const span = plan.time.span;
  const overall = grouped.overall();
  const first = Number.isFinite(span.since) ? periods.keyOf(span.since) : overall.first;
  const last = Number.isFinite(span.until) ? periods.keyOf(span.until - 1) : overall.last;
  const keys: number[] = [];
  if (Number.isFinite(first) && Number.isFinite(last)) for (let key = first; key <= last; key = periods.next(key)) keys.push(key);

  const { series, formula } = request;
  const blocks = options.groupBy.length === 0
    ? [{ values: [] as string[], state: overall }]
    : [...grouped.sorted().map((group) => ({ values: group.key.values, state: group.state })), { values: options.groupBy.map(() => 'all'), state: overall }];
  const rows: Cell[][] = [];
  const periodKeys: number[] = [];
  const partial = new Set<number>();
  for (const { values, state } of blocks) {
    const columns = series.map((_, s) => keys.map((key) => state.value(key, s)));
    if (formula !== undefined) {
      const byName = new Map(series.map((s, i) => [s.name, columns[i]]));
      columns.push(keys.map((_, k) => evaluateFormula(formula, (name) => byName.get(name)![k])));
    }
    const shown = options.smooth === undefined ? columns : columns.map((column) => trailingMean(column, options.smooth!));
    keys.forEach((key, k) => {
      const isPartial = span.isPartial(periods, key);
      if (isPartial) partial.add(key);
      rows.push([periods.label(key), isPartial, ...values, ...shown.map((column) => column[k])]);
      periodKeys.push(key);
    });
  }

  const figures: ResultColumn[] = [
    ...series.map((s) => ({ name: s.name, type: seriesType(s, options.smooth !== undefined) })),
    ...(formula !== undefined ? [{ name: 'formula', type: 'score' as const }] : []),
  ];
  return {
    table: {
      title: `Trend per ${options.period}`,
      formula: describe(series, options),
      columns: [{ name: 'period', type: 'period' }, { name: 'partial', type: 'flag' }, ...options.groupBy.map((name) => ({ name: snakeCase(name), type: 'text' as const })), ...figures],
      rows,
      partialColumn: 'partial',
      periodKeys,
      chartEachFigure: true,
    },
    notes: [...[...partial].sort((a, b) => a - b).map((key) => span.partialNote(periods, key))],
    periods,
  };
}

/** Each value replaced by the mean of the n values ending with it; undefined where fewer than n precede it or one of them is undefined. */
export function trailingMean(values: readonly (number | null)[], n: number): (number | null)[] {
  return values.map((_, i) => {
    if (i < n - 1) return null;
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const value = values[j];
      if (value === null) return null;
      sum += value;
    }
    return sum / n;
  });
}

/** Counts and sums change relative to the period before; a mean, and the formula, by difference. */
function seriesType(series: Series, smoothed: boolean): ResultColumn['type'] {
  if (series.kind === 'mean') return 'score';
  if (series.kind === 'sum' || smoothed) return 'number';
  return 'count';
}

function describe(series: readonly Series[], options: TrendOptions): string {
  const what = (s: Series): string => {
    const rows = s.event === undefined ? 'rows' : `${s.event} rows`;
    switch (s.kind) {
      case 'events':
        return rows;
      case 'customers':
        return `customers with ${s.event === undefined ? 'an event' : s.event}`;
      case 'sum':
        return `Σ ${s.column} over ${rows} (blank cells add nothing)`;
      case 'mean':
        return `mean ${s.column} over ${rows} with a value`;
    }
  };
  const parts = series.map((s) => `${s.name} = ${what(s)}`);
  if (options.formula !== undefined) parts.push(`formula = ${options.formula} (undefined where a value is, or a divisor is 0)`);
  if (options.smooth !== undefined) parts.push(`each the mean of the ${options.smooth} ${options.period}s ending with the row`);
  return parts.join('; ');
}
