import type { Dialect } from '../../sql/dialect.js';
import type { Aggregate } from '../../sql/keyed-sql.js';
import { DataErrors, UsageError } from '../../errors.js';
import { assertAlphaActs } from '../options.js';
import { changePValue, changeStatistic, CHANGE_ALPHA } from '../significance.js';
import { AnswerPlan, type AnswerInput } from '../../schema/plans/answers.js';
import { Grouped } from '../grouped.js';
import { job, type MetricJob } from '../job.js';
import { keyedTable } from '../keyed-table.js';
import type { Cell, ChangeTest, ResultColumn, ResultTable } from '../types.js';
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

/** The NPS test of --vs, named after the columns it adds (nps_vs_p_value, nps_vs_significant). */
const VS_TEST: ChangeTest = { figure: 'nps_vs', kind: 'nps', n: 'responses', promoters: 'promoters', detractors: 'detractors' };

function assertSurveyOptions(options: SurveyOptions): void {
  assertAlphaActs(options);
  if (options.vs !== undefined && options.groupBy.length === 0) throw new UsageError('--vs tests each group against one: add --group-by', ['e.g. --group-by store --vs Tokyo']);
}

export function surveyJob(metric: SurveyMetric, options: SurveyOptions): MetricJob {
  assertSurveyOptions(options);
  const scale = parseScale(options.scale, metric);
  const plan = new AnswerPlan({ ...options, scale, scaleFlag: options.scale !== undefined });
  const state = new Grouped<AnswerInput, ScoreCounts>(() => new ScoreCounts(scale[0], scale[1]), options.groupBy.length, true);
  const table = (grouped: typeof state) => {
    const misread = metric.misread?.(grouped.overall());
    if (misread) throw new DataErrors([misread.problem], [misread.hint]);
    const result = keyedTable({
      title: metric.title,
      formula: metric.formula(scale),
      periods: plan.time.periods,
      span: plan.time.span,
      groupNames: options.groupBy,
      figures: metric.columns,
      rows: grouped.sorted().map((group) => ({ period: group.key.period, values: group.key.values, cells: metric.figures(group.state, scale) })),
      overall: metric.figures(grouped.overall(), scale),
      notes: [],
      tests: [...metric.tests, ...(options.vs === undefined ? [] : [VS_TEST])],
      alpha: options.alpha,
    });
    return options.vs === undefined ? result : { ...result, table: againstGroup(result.table, options.vs, options.groupBy[0], options.alpha ?? CHANGE_ALPHA) };
  };
  return job(plan, state, table, { ...options, scale: scale.join('-') });
}

/** --vs VALUE: each row's NPS tested against the row of VALUE in its period (and other groups): p-value and significance. */
function againstGroup(table: ResultTable, value: string, groupName: string, alpha: number): ResultTable {
  const group = table.columns.findIndex((c) => c.type === 'text');
  const keyOf = (row: Cell[]) => table.columns.map((c, i) => (i === group || (c.type !== 'text' && c.type !== 'period') ? '' : String(row[i]))).join('\u0000');
  const of = (row: Cell[]) => (name: string) => row[table.columns.findIndex((c) => c.name === name)];
  const reference = new Map(table.rows.filter((row, r) => r !== table.overallRow && row[group] === value).map((row) => [keyOf(row), row]));
  const values = [...new Set(table.rows.filter((_, r) => r !== table.overallRow).map((row) => String(row[group])))];
  // Over a header alone (an SQL engine's skeleton) there are no groups yet: the statement checks VALUE itself.
  if (reference.size === 0 && values.length > 0) {
    throw new UsageError(`--vs ${value} is not a value of ${groupName}`, [`its values: ${values.map((v) => `"${v}"`).join(', ')}`]);
  }
  const rows = table.rows.map((row, r) => {
    const against = reference.get(keyOf(row));
    const statistic = r === table.overallRow || row[group] === value || against === undefined ? undefined : changeStatistic(VS_TEST, of(row), of(against));
    if (statistic === undefined) return [...row, null, null];
    const p = changePValue(statistic);
    return [...row, p, p < alpha];
  });
  return {
    ...table,
    columns: [...table.columns, { name: 'nps_vs_p_value', type: 'pvalue' }, { name: 'nps_vs_significant', type: 'flag' }],
    rows,
    formula: `${table.formula}; nps_vs_p_value: the z test of each ${groupName}'s NPS against ${value}'s in the same period; nps_vs_significant: p < ${alpha}`,
  };
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
  assertSurveyOptions(options);
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
    vs: options.vs === undefined ? undefined : { value: options.vs, test: VS_TEST },
  });
}
