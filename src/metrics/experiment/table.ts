import { DataErrors, UsageError } from '../../errors.js';
import { snakeCase } from '../../schema/columns.js';
import type { ArmInput } from '../../schema/plans/users.js';
import { compareLabels, type Grouped } from '../grouped.js';
import type { JobResult } from '../job.js';
import type { Cell, ResultColumn } from '../types.js';
import type { Arms } from './arms.js';
import { effectOf } from './effect.js';
import { bayesian, sampleRatioMismatch, sequentialTest, tTest } from './inference.js';
import type { MetricKind } from './moments.js';
import type { ExperimentOptions } from './options.js';

// `engage experiment` (experiments.md): a row per variant, control first;
// for each other variant its effect against the control with the interval
// and the test asked for; the sample-ratio check on the control's row. With
// --group-by the whole analysis per value, then over every user (all).

const DEFAULT_TUNING = 5000;

/** How the users' sums were read: a ratio of two columns, a summary's kind of metric, a covariate. */
export interface ArmReading {
  ratio: boolean;
  summaryKind?: 'proportion' | 'mean';
  covariate: boolean;
}

export function experimentTable(grouped: Grouped<ArmInput, Arms>, plan: ArmReading, options: ExperimentOptions): JobResult {
  const overall = grouped.overall();
  const kind: MetricKind = plan.ratio ? 'ratio' : (plan.summaryKind ?? (overall.nonBinaryY ? 'mean' : 'proportion'));
  const variants = overall.variants();
  const covariate = plan.covariate;
  if (variants.length === 0) return { table: { title: 'Experiment', formula: describe(kind, options.control ?? 'control', options, covariate), columns: columnsOf(options, covariate), rows: [] }, notes: [] };
  if (variants.length === 1) throw new DataErrors([`the variant column holds one value, "${variants[0]}": an experiment compares two or more`], ['check --variant names the column of the arms (and --where leaves more than one)']);
  const control = controlOf(variants, options.control);
  const ordered = [control, ...variants.filter((v) => v !== control).sort(compareLabels)];
  if (options.weights !== undefined && options.weights.length !== ordered.length) {
    throw new UsageError(`--weights gives ${options.weights.length} weights for ${ordered.length} variants (${ordered.join(', ')})`, ['one weight per variant, control first, the others in sorted order']);
  }
  const weights = options.weights ?? ordered.map(() => 1);
  const parts = { ratio: kind === 'ratio', covariate };
  const notes: string[] = [];
  const undefinedNotes = new Set<string>();
  const blocks = options.groupBy.length === 0 ? [{ values: [] as string[], arms: overall }] : [...grouped.sorted().map((g) => ({ values: g.key.values, arms: g.state })), { values: options.groupBy.map(() => 'all'), arms: overall }];
  const rows: Cell[][] = [];
  for (const { values, arms } of blocks) {
    const present = ordered.filter((v) => arms.variants().includes(v));
    const srm = sampleRatioMismatch(ordered.map((v) => arms.armSums(v, parts).n), weights);
    if (srm.pValue < 0.001) {
      notes.push(`warning: sample-ratio mismatch${values.length > 0 ? ` in ${values.join(' · ')}` : ''}: the users per variant (${ordered.map((v) => `${v} ${arms.armSums(v, parts).n}`).join(', ')}) do not match the planned split (p = ${srm.pValue.toPrecision(3)}); do not trust these results until that is explained`);
    }
    if (!present.includes(control)) {
      notes.push(`no ${control} users in ${values.join(' · ')}: its ${present.length === 1 ? 'variant is' : 'variants are'} not compared`);
      continue;
    }
    const controlSums = arms.armSums(control, parts);
    for (const variant of present) {
      const sums = arms.armSums(variant, parts);
      const figure = kind === 'ratio' ? sums.sum / sums.denominator!.sum : sums.sum / sums.n;
      const head: Cell[] = [...values, variant, sums.n, Number.isFinite(figure) ? figure : null];
      if (variant === control) {
        rows.push([...head, ...(covariate ? [null] : []), ...statCells(options).map(() => null), srm.chiSquare, srm.pValue]);
        continue;
      }
      const effect = effectOf(kind, controlSums, sums, options.difference);
      if (effect.undefinedBecause !== undefined) {
        undefinedNotes.add(effect.undefinedBecause);
        rows.push([...head, ...(covariate ? [effect.theta ?? null] : []), ...statCells(options).map(() => null), null, null]);
        continue;
      }
      const controlFigure = kind === 'ratio' ? controlSums.sum / controlSums.denominator!.sum : controlSums.sum / controlSums.n;
      rows.push([...head, ...(covariate ? [effect.theta ?? null] : []), ...statistics(effect, controlSums.n + sums.n, controlFigure, options), null, null]);
    }
  }
  for (const why of undefinedNotes) notes.push(`no effect where ${why}`);
  if (ordered.length > 2) notes.push(`${ordered.length - 1} variants, each compared with ${control} on its own: no correction for multiple comparisons`);
  return {
    table: { title: `Experiment: ${ordered.join(' vs ')}`, formula: describe(kind, control, options, covariate), columns: columnsOf(options, covariate), rows },
    notes,
  };
}

function controlOf(variants: string[], given: string | undefined): string {
  const list = variants.map((v) => `"${v}"`).join(', ');
  if (given !== undefined) {
    const found = variants.find((v) => v === given) ?? variants.find((v) => v.toLowerCase() === given.toLowerCase());
    if (found === undefined) throw new UsageError(`--control "${given}" is not a variant of the file`, [`the variants: ${list}`]);
    return found;
  }
  const named = variants.find((v) => v.toLowerCase() === 'control');
  if (named === undefined) throw new UsageError('no variant is named control: say which is the control with --control NAME', [`the variants: ${list}`]);
  return named;
}

function statCells(options: ExperimentOptions): ResultColumn[] {
  const effect = options.difference === 'relative' ? 'rate' : 'estimate';
  const name = `${options.difference}_effect`;
  const interval = options.stats === 'bayesian' ? 'credible' : 'ci';
  const common: ResultColumn[] = [
    { name, type: effect },
    { name: `${interval}_low`, type: effect },
    { name: `${interval}_high`, type: effect },
    { name: options.stats === 'bayesian' ? 'sd' : 'se', type: effect },
  ];
  if (options.stats === 'bayesian') return [...common, { name: 'chance_to_win', type: 'chance' }, { name: 'risk_control', type: effect }, { name: 'risk_variant', type: effect }];
  return [...common, { name: 'p_value', type: 'pvalue' }, ...(options.sequential ? [] : [{ name: 'df', type: 'number' } as ResultColumn]), { name: 'significant', type: 'flag' }];
}

function columnsOf(options: ExperimentOptions, covariate: boolean): ResultColumn[] {
  return [
    ...options.groupBy.map((name) => ({ name: snakeCase(name), type: 'text' as const })),
    { name: 'variant', type: 'text' },
    { name: 'users', type: 'count' },
    { name: 'mean', type: 'estimate' },
    ...(covariate ? [{ name: 'theta', type: 'estimate' } as ResultColumn] : []),
    ...statCells(options),
    { name: 'srm_chi2', type: 'number' },
    { name: 'srm_p_value', type: 'pvalue' },
  ];
}

function statistics(effect: ReturnType<typeof effectOf>, users: number, controlFigure: number, options: ExperimentOptions): Cell[] {
  if (options.stats === 'bayesian') {
    // The prior is on the relative effect; an absolute effect takes it on its own scale.
    const [mean, variance] = options.prior === undefined ? [] : options.prior.split(',').map(Number);
    const scale = options.difference === 'absolute' ? Math.abs(controlFigure) : 1;
    const result = bayesian(effect, options.alpha, options.prior === undefined ? undefined : { mean: mean * scale, variance: variance * scale ** 2 });
    return [result.mean, result.low, result.high, result.sd, result.chanceToWin, result.riskControl, result.riskVariant];
  }
  if (options.sequential) {
    const result = sequentialTest(effect, users, options.alpha, options.tuning ?? DEFAULT_TUNING);
    return [effect.delta, result.low, result.high, effect.se, result.pValue, result.pValue < options.alpha];
  }
  const result = tTest(effect, options.alpha, options.sided);
  // Welch's degrees of freedom are 0 / 0 when neither arm varies around its adjustment: none, never NaN.
  return [effect.delta, result.low, result.high, effect.se, result.pValue, Number.isFinite(effect.df) ? effect.df : null, result.pValue < options.alpha];
}

function describe(kind: MetricKind, control: string, options: ExperimentOptions, covariate: boolean): string {
  const what = kind === 'proportion' ? 'mean = the share of users with 1' : kind === 'ratio' ? 'mean = Σ numerator / Σ denominator (delta method)' : 'mean = the mean per user';
  const effect = options.difference === 'relative' ? `relative_effect = (mean − ${control}'s) / |${control}'s|` : `absolute_effect = mean − ${control}'s`;
  const level = `${Math.round((1 - options.alpha) * 1000) / 10}%`;
  const test =
    options.stats === 'bayesian'
      ? `Bayesian, ${options.prior === undefined ? 'flat prior' : `prior N(${options.prior.replace(',', ', ')}) on the relative effect`}: chance_to_win = P(effect > 0), risks = expected loss of keeping ${control} or shipping the variant, ${level} credible interval`
      : options.sequential
        ? `sequential (always valid, tuning ${options.tuning ?? DEFAULT_TUNING}), ${level} interval, significant when p < ${options.alpha}`
        : `Welch's t test, ${options.sided === 'two' ? 'two-sided' : `one-sided (the variant ${options.sided === 'greater' ? 'greater' : 'less'})`}, ${level} interval, significant when p < ${options.alpha}`;
  const cuped = covariate ? '; CUPED with θ pooled over the control and the variant' : '';
  return `${what}; ${effect}; ${test}${cuped}; srm: χ² of the users per variant against ${options.weights === undefined ? 'an equal split' : `weights ${options.weights.join(',')}`}`;
}
