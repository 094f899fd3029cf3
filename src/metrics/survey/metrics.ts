import type { Dialect } from '../../sql/dialect.js';
import type { Cell } from '../types.js';
import { npsOf, type ScoreCounts } from './scores.js';
import type { SurveyMetric } from './survey-metric.js';

// The three survey metrics of METRICS.md "Survey answers", each with its
// figures from the counts of answers and the same figures as SQL over the
// answers' rows (their `score`).

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** part / whole as a double in SQL, NULL when there is no whole. */
export const sqlShare = (d: Dialect, part: string, whole: string): string => `CASE WHEN ${whole} > 0 THEN ${d.double(part)} / ${whole} END`;
const answers = (low: number, high: number): string => `count(*) FILTER (WHERE score >= ${low} AND score <= ${high})`;

export const NPS: SurveyMetric = {
  title: 'Net Promoter Score',
  defaultScale: [0, 10],
  formula: () =>
    'NPS = 100 × (promoters 9–10 − detractors 0–6) / responses; margin = 100 × 1.96 × √((p + d − (p − d)²) / n), the 95% interval is NPS ± margin',
  columns: [
    { name: 'responses', type: 'count' },
    { name: 'promoters', type: 'count' },
    { name: 'passives', type: 'count' },
    { name: 'detractors', type: 'count' },
    { name: 'promoter_share', type: 'rate' },
    { name: 'passive_share', type: 'rate' },
    { name: 'detractor_share', type: 'rate' },
    { name: 'nps', type: 'score' },
    { name: 'margin', type: 'score' },
  ],
  tests: [{ figure: 'nps', kind: 'nps', n: 'responses', promoters: 'promoters', detractors: 'detractors' }],
  // A 1–5 rating read as NPS would be all detractors, NPS −100: a wrong figure, not a bad one.
  misread(scores: ScoreCounts) {
    const responses = scores.responses;
    if (responses < 20 || scores.between(1, 5) !== responses) return undefined;
    return {
      problem: `all ${responses} answers are from 1 to 5: that is a 1–5 rating, not a 0–10 "how likely are you to recommend us" question, and its NPS would be −100`,
      hint: 'for a satisfaction rating use engage csat (top two boxes of 1–5); for NPS, name the 0–10 question with --map score="…"',
    };
  },
  sql: (d) => ({
    aggregates: [
      { name: 'responses', expr: 'count(*)' },
      { name: 'promoters', expr: answers(9, 10) },
      { name: 'passives', expr: answers(7, 8) },
      { name: 'detractors', expr: answers(0, 6) },
    ],
    figures: [
      { name: 'responses', expr: 'responses' },
      { name: 'promoters', expr: 'promoters' },
      { name: 'passives', expr: 'passives' },
      { name: 'detractors', expr: 'detractors' },
      { name: 'promoter_share', expr: sqlShare(d, 'promoters', 'responses') },
      { name: 'passive_share', expr: sqlShare(d, 'passives', 'responses') },
      { name: 'detractor_share', expr: sqlShare(d, 'detractors', 'responses') },
      { name: 'nps', expr: `CASE WHEN responses > 0 THEN 100 * ${d.double('promoters - detractors')} / responses END` },
      {
        name: 'margin',
        expr: `CASE WHEN responses > 0 THEN 100 * 1.96 * sqrt((${d.double('promoters + detractors')} / responses - power(${d.double('promoters - detractors')} / responses, 2)) / responses) END`,
      },
    ],
  }),
  figures(scores: ScoreCounts): Cell[] {
    const f = npsOf(scores);
    return [
      f.responses, f.promoters, f.passives, f.detractors,
      share(f.promoters, f.responses), share(f.passives, f.responses), share(f.detractors, f.responses),
      f.nps, f.margin,
    ];
  },
};

export const CSAT: SurveyMetric = {
  title: 'Customer satisfaction (CSAT)',
  defaultScale: [1, 5],
  formula: ([, max]) => `csat = answers in the top two boxes (${max - 1} and ${max}) / responses`,
  columns: [
    { name: 'responses', type: 'count' },
    { name: 'satisfied', type: 'count' },
    { name: 'csat', type: 'rate' },
    { name: 'mean_score', type: 'score' },
  ],
  tests: [{ figure: 'csat', kind: 'proportion', n: 'responses', successes: 'satisfied' }],
  sql: (d, [, max]) => ({
    aggregates: [
      { name: 'responses', expr: 'count(*)' },
      { name: 'satisfied', expr: answers(max - 1, max) },
      { name: 'mean_score', expr: d.mean(d.double('score')) },
    ],
    figures: [
      { name: 'responses', expr: 'responses' },
      { name: 'satisfied', expr: 'satisfied' },
      { name: 'csat', expr: sqlShare(d, 'satisfied', 'responses') },
      { name: 'mean_score', expr: 'mean_score' },
    ],
  }),
  figures(scores: ScoreCounts, [, max]: [number, number]): Cell[] {
    const satisfied = scores.between(max - 1, max);
    return [scores.responses, satisfied, share(satisfied, scores.responses), scores.mean()];
  },
};

export const CES: SurveyMetric = {
  title: 'Customer effort score (CES)',
  defaultScale: [1, 7],
  formula: () => 'ces = mean answer on 1–7; ces_sd = the answers\' sample standard deviation; agree_share = answers of 5–7 / responses',
  columns: [
    { name: 'responses', type: 'count' },
    { name: 'ces', type: 'score' },
    { name: 'ces_sd', type: 'estimate' },
    { name: 'agree', type: 'count' },
    { name: 'agree_share', type: 'rate' },
  ],
  tests: [
    { figure: 'ces', kind: 'mean', n: 'responses', mean: 'ces', sd: 'ces_sd' },
    { figure: 'agree_share', kind: 'proportion', n: 'responses', successes: 'agree' },
  ],
  sql: (d) => ({
    aggregates: [
      { name: 'responses', expr: 'count(*)' },
      { name: 'mean_score', expr: d.mean(d.double('score')) },
      { name: 'score_sum', expr: `sum(${d.double('score')})` },
      { name: 'score_squares', expr: `sum(${d.double('score * score')})` },
      { name: 'agree', expr: answers(5, 7) },
    ],
    figures: [
      { name: 'responses', expr: 'responses' },
      { name: 'ces', expr: 'mean_score' },
      // Sums of whole answers are exact in a double: the sample variance from them is the streaming engine's.
      { name: 'ces_sd', expr: `CASE WHEN responses > 1 THEN sqrt(greatest(0, score_squares - score_sum * score_sum / responses) / (responses - 1)) END` },
      { name: 'agree', expr: 'agree' },
      { name: 'agree_share', expr: sqlShare(d, 'agree', 'responses') },
    ],
  }),
  figures(scores: ScoreCounts): Cell[] {
    const agree = scores.between(5, 7);
    return [scores.responses, scores.mean(), scores.sd(), agree, share(agree, scores.responses)];
  },
};
