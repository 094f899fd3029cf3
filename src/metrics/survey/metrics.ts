import type { Cell } from '../types.js';
import { npsOf, type ScoreCounts } from './scores.js';
import type { SurveyMetric } from './survey-metric.js';

// The three survey metrics of METRICS.md "Survey answers".

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

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
  // A 1–5 rating read as NPS would be all detractors, NPS −100: a wrong figure, not a bad one.
  misread(scores: ScoreCounts) {
    const responses = scores.responses;
    if (responses < 20 || scores.between(1, 5) !== responses) return undefined;
    return {
      problem: `all ${responses} answers are from 1 to 5: that is a 1–5 rating, not a 0–10 "how likely are you to recommend us" question, and its NPS would be −100`,
      hint: 'for a satisfaction rating use engage csat (top two boxes of 1–5); for NPS, name the 0–10 question with --map score="…"',
    };
  },
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
  figures(scores: ScoreCounts, [, max]: [number, number]): Cell[] {
    const satisfied = scores.between(max - 1, max);
    return [scores.responses, satisfied, share(satisfied, scores.responses), scores.mean()];
  },
};

export const CES: SurveyMetric = {
  title: 'Customer effort score (CES)',
  defaultScale: [1, 7],
  formula: () => 'ces = mean answer on 1–7; agree_share = answers of 5–7 / responses',
  columns: [
    { name: 'responses', type: 'count' },
    { name: 'ces', type: 'score' },
    { name: 'agree', type: 'count' },
    { name: 'agree_share', type: 'rate' },
  ],
  figures(scores: ScoreCounts): Cell[] {
    const agree = scores.between(5, 7);
    return [scores.responses, scores.mean(), agree, share(agree, scores.responses)];
  },
};
