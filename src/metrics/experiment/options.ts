import { z } from 'zod';
import { DURATION } from '../../time/duration.js';
import { eventOptions, groupByOption, inputOptions, option, timeOptions } from '../options.js';

// The options of engage experiment, apart from its spec: its table reads them too.

const positive = (what: string) => z.coerce.number<string>().positive(`${what} is above 0`);

export const ExperimentOptions = z.strictObject({
  groupBy: groupByOption,
  map: inputOptions.map,
  encoding: inputOptions.encoding,
  header: inputOptions.header,
  sheet: inputOptions.sheet,
  skipInvalid: inputOptions.skipInvalid,
  engine: inputOptions.engine,
  duckdbMemory: inputOptions.duckdbMemory,
  db: inputOptions.db,
  table: inputOptions.table,
  ...timeOptions,
  where: eventOptions.where,
  exposureEvent: option(z.string().trim().min(1).optional(), {
    flag: '--exposure-event <event>',
    help: "read an event log: a user's first such event gives their variant (the --variant column on it) and starts their metric",
  }),
  window: option(z.string().regex(DURATION, 'a window is written like 90s, 30m, 24h, 7d or 2w').optional(), {
    flag: '--window <duration>',
    help: "with --exposure-event: count the metric's events only up to this long after the first exposure (both ends included)",
  }),
  variant: option(z.string().trim().min(1).optional(), { flag: '--variant <column>', help: "the column of each user's variant (default: a column named variant, variation, group, arm …)" }),
  control: option(z.string().trim().min(1).optional(), { flag: '--control <name>', help: 'the variant the others are compared with (default: the one named control)' }),
  metric: option(z.string().trim().min(1).optional(), { flag: '--metric <column>', help: "the column measured per user (0/1 values: a proportion), A/B for a ratio of two columns' totals; with --exposure-event conversion:EVENT, count:EVENT or sum:EVENT:COLUMN" }),
  covariate: option(z.string().trim().min(1).optional(), { flag: '--covariate <column>', help: 'a pre-period value per user: CUPED narrows the interval with it' }),
  summary: option(z.boolean().default(false), { flag: '--summary', help: 'the file holds one row per variant of sums: variant, users, sum[, sum_squares][, covariate_sum, covariate_sum_squares, sum_products]' }),
  difference: option(z.enum(['relative', 'absolute']).default('relative'), { flag: '--difference <kind>', help: "the effect as relative to the control's figure (default) or as a difference" }),
  stats: option(z.enum(['frequentist', 'bayesian']).default('frequentist'), { flag: '--stats <engine>', help: "frequentist (Welch's t, default) or bayesian (chance to win, risk)" }),
  sided: option(z.enum(['two', 'greater', 'less']).default('two'), { flag: '--sided <side>', help: 'two-sided (default), or one-sided: greater (the variant is better) or less' }),
  alpha: option(z.coerce.number<string>().gt(0, 'alpha is above 0').lt(0.5, 'alpha is below 0.5').default(0.05), { flag: '--alpha <level>', help: 'the significance level: 0.05 gives 95% intervals (default)' }),
  sequential: option(z.boolean().default(false), { flag: '--sequential', help: 'always-valid intervals and p-values, for results looked at every day' }),
  tuning: option(positive('the tuning').optional(), { flag: '--tuning <n>', help: 'with --sequential: the total users the interval is tightest around (default 5000)' }),
  prior: option(z.string().trim().regex(/^-?\d+(\.\d+)?,\d+(\.\d+)?(e-?\d+)?$/i, 'a prior is MEAN,VARIANCE, e.g. 0,0.09').optional(), {
    flag: '--prior <mean,variance>',
    help: 'with --stats bayesian: a normal prior on the relative effect (default: flat)',
  }),
  weights: option(z.array(positive('a weight')).optional(), { flag: '--weights <list>', help: 'the planned split for the sample-ratio check, in the listed order of the variants (default equal)', list: 'comma' }),
});
export type ExperimentOptions = z.output<typeof ExperimentOptions>;

/** --metric A/B as its two columns; a header that itself holds "/" is one column (checked against the file). */
export function metricColumns(metric: string): { numerator: string; denominator?: string } {
  const slash = metric.indexOf('/');
  return slash < 0 ? { numerator: metric } : { numerator: metric.slice(0, slash).trim(), denominator: metric.slice(slash + 1).trim() };
}

/** --metric of an event log: conversion:EVENT, count:EVENT or sum:EVENT:COLUMN (the event may hold colons; the column is after the last). */
export function exposureMetric(metric: string): { kind: 'conversion' | 'count' | 'sum'; event: string; column?: string } | undefined {
  const sum = /^sum:(.+):([^:]+)$/.exec(metric);
  if (sum) return { kind: 'sum', event: sum[1].trim().toLowerCase(), column: sum[2].trim() };
  const other = /^(conversion|count):(.+)$/.exec(metric);
  return other ? { kind: other[1] as 'conversion' | 'count', event: other[2].trim().toLowerCase() } : undefined;
}
