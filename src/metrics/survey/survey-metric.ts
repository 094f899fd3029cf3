import type { Dialect } from '../../sql/dialect.js';
import type { Aggregate } from '../../sql/keyed-sql.js';
import { DataErrors, UsageError } from '../../errors.js';
import { AnswerPlan, type AnswerInput } from '../../schema/plans/answers.js';
import { Grouped } from '../grouped.js';
import { job, type MetricJob } from '../job.js';
import { keyedTable } from '../keyed-table.js';
import type { Cell, ChangeTest, ResultColumn } from '../types.js';
import type { SurveyOptions } from './options.js';
import { ScoreCounts } from './scores.js';
import { keyedSql } from '../../sql/keyed-sql.js';
import type { SqlContext } from '../../sql/sql-context.js';

// NPS, CSAT and CES share everything but their scale and their figures: the
// answers of each period and group are counted in a histogram, and each
// metric's figures are a function of those counts.

/** What makes NPS, CSAT or CES. */
export interface SurveyMetric {
  title: string;
  defaultScale: [number, number];
  formula(scale: [number, number]): string;
  columns: ResultColumn[];
  figures(scores: ScoreCounts, scale: [number, number]): Cell[];
  /** The same figures in SQL: aggregates of a set of answers (`score`), and the figures from them. */
  sql(dialect: Dialect, scale: [number, number]): { aggregates: Aggregate[]; figures: { name: string; expr: string }[] };
  /** The figures whose change --compare tests, and with what. */
  tests: ChangeTest[];
  /** Why the answers cannot be this metric's, with what reads them, when they plainly are another scale's. */
  misread?(scores: ScoreCounts): { problem: string; hint: string } | undefined;
}

export function surveyJob(metric: SurveyMetric, options: SurveyOptions): MetricJob {
  const scale = parseScale(options.scale, metric);
  const plan = new AnswerPlan({ ...options, scale, scaleFlag: options.scale !== undefined });
  const state = new Grouped<AnswerInput, ScoreCounts>(() => new ScoreCounts(scale[0], scale[1]), options.groupBy.length, true);
  const table = (grouped: typeof state) => {
    const misread = metric.misread?.(grouped.overall());
    if (misread) throw new DataErrors([misread.problem], [misread.hint]);
    return keyedTable({
      title: metric.title,
      formula: metric.formula(scale),
      periods: plan.time.periods,
      span: plan.time.span,
      groupNames: options.groupBy,
      figures: metric.columns,
      rows: grouped.sorted().map((group) => ({ period: group.key.period, values: group.key.values, cells: metric.figures(group.state, scale) })),
      overall: metric.figures(grouped.overall(), scale),
      notes: [],
      tests: metric.tests,
    });
  };
  return job(plan, state, table, { ...options, scale: scale.join('-') });
}

export function parseScale(scale: string | undefined, metric: SurveyMetric): [number, number] {
  if (scale === undefined) return metric.defaultScale;
  const [low, high] = scale.split('-').map(Number);
  if (!(low < high) || high - low > 100) throw new UsageError(`--scale "${scale}" is not a scale: write it low-high, like 1-5`);
  return [low, high];
}

/**
 * The SQL of a survey metric: the answers with a score (a NULL score is a
 * blank, no answer), a score off the scale or not whole refused, counted per
 * period and group as the streaming engine counts them.
 */
export function surveySql(metric: SurveyMetric, options: SurveyOptions, context: SqlContext): string {
  const scale = parseScale(options.scale, metric);
  const { dialect: d } = context;
  const score = context.column('score');
  const needsTime = options.period !== undefined || options.since !== undefined || options.until !== undefined;
  const [min, max] = scale;
  const message = `'engage: a score is not a whole number from ${min} to ${max}: ' || ${d.text(score)}`;
  const { aggregates, figures } = metric.sql(d, scale);
  return keyedSql({
    ...context.keyedBase(options),
    ts: needsTime ? context.column('responded_at') : undefined,
    values: { score },
    where: [`${score} IS NOT NULL`, d.refuse(`${score} < ${min} OR ${score} > ${max} OR ${score} <> floor(${score})`, message)],
    aggregates,
    figures,
  });
}
