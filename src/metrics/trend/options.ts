import { z } from 'zod';
import { snakeCase } from '../../schema/columns.js';
import { inputsAndEvents, segmentOption, segmentListOption, timeAndGroups } from '../events/event-options.js';
import { compareOption, option, periodOptionDefault } from '../options.js';
import { parseFormula, type Formula } from './formula.js';
import { seriesOf, type Series } from './series.js';

// The options of engage trend, apart from its spec: its table and its SQL form read them too.

export const TrendOptions = z.strictObject({
  period: periodOptionDefault('month'),
  ...timeAndGroups,
  segment: segmentOption,
  list: segmentListOption,
  compare: compareOption,
  ...inputsAndEvents,
  series: option(z.array(z.string().trim().min(1, 'a --series cannot be empty')).default([]), {
    flag: '--series <name=event[:how]>',
    help: 'a series per period: NAME=EVENT counts its rows; EVENT:customers its customers; EVENT:sum:COL and EVENT:mean:COL a column over its rows; * is every event (repeatable; default events=*)',
  }),
  formula: option(z.string().trim().min(1).optional(), {
    flag: '--formula <expression>',
    help: "one more column from the series: + - * / ( ), numbers and series names, e.g. 'revenue / buyers'",
  }),
  smooth: option(z.number().int().min(2, 'a mean of one period is the series itself: --smooth takes 2 or more').max(1000).optional(), {
    flag: '--smooth <n>',
    help: 'each series and the formula as the mean of the n periods ending with each one',
  }),
});
export type TrendOptions = z.output<typeof TrendOptions>;

/** What the options ask for: the series in order, and the formula over them. */
export interface TrendRequest {
  series: Series[];
  formula: Formula | undefined;
}

export function trendRequest(options: TrendOptions): TrendRequest {
  const series = seriesOf(options.series, ['period', 'partial', 'formula', ...options.groupBy.map(snakeCase)]);
  const formula = options.formula === undefined ? undefined : parseFormula(options.formula, series.map((s) => s.name));
  return { series, formula };
}

/** The distinct columns the series sum or average, in the order first named. */
export function measuredColumns(series: readonly Series[]): string[] {
  return [...new Set(series.flatMap((s) => (s.column === undefined ? [] : [s.column])))];
}
