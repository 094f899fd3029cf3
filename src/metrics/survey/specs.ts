import { defineMetric, type StarterSample } from '../spec.js';
import { CES, CSAT, NPS } from './metrics.js';
import { CsatOptions, NpsOptions, SurveyOptions } from './options.js';
import { surveyJob, surveySql } from './survey-metric.js';

// The three survey metrics share one job; each is its own spec and command.

/** The scale the sampled answers are on: 1–5 is CSAT, 1–7 CES, anything else NPS. */
function scaleOf(sample: StarterSample): { metric: 'nps' | 'csat' | 'ces'; min: number; max: number } {
  const scores = sample.values('score').map(Number).filter(Number.isFinite);
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return { metric: max <= 5 && min >= 1 ? 'csat' : max <= 7 && min >= 1 ? 'ces' : 'nps', min, max };
}

/** The starter report of a survey metric, for the files whose answers are on its scale. */
function surveyStarter(metric: 'nps' | 'csat' | 'ces', failIf: string) {
  return (sample: StarterSample) => {
    const scale = scaleOf(sample);
    if (scale.metric !== metric) return undefined;
    return { options: sample.has('responded_at') ? { period: 'month' as const } : {}, comment: `answers from ${scale.min} to ${scale.max}`, failIf };
  };
}

export const nps = defineMetric({
  name: 'nps',
  summary: 'Net Promoter Score with its margin of error',
  description: 'Net Promoter Score of 0–10 survey answers.',
  rows: 'answers',
  options: NpsOptions,
  starter: surveyStarter('nps', 'nps < -100'),
  create: (options) => surveyJob(NPS, options),
  sql: (options, context) => surveySql(NPS, options, context),
  examples: `Examples:
  engage nps fixtures/answers.csv                         NPS with its 95% margin of error
  engage nps fixtures/answers.csv --group-by store --period month
  engage nps fixtures/real/airline_nps.csv --map score="How likely are you to recommend this airline?" --group-by Airline
  engage nps fixtures/real/sudzilla_2020.csv --map score="On a scale of 0-10, how would you rate Sudzilla?"
  engage nps fixtures/answers.csv --period month --compare previous    each month's change, with its p-value
`,
  details: `
  promoters 9–10, passives 7–8, detractors 0–6 (answers must be whole numbers from 0 to 10)
  nps     = 100 × (promoters − detractors) / responses, from −100 to 100
  margin  = 100 × 1.96 × √((p + d − (p − d)²) / n): the 95% interval is nps ± margin

The score column is found by name (score, nps, rating, 評価, …); a question header
is named with --map score="How likely are you to recommend us?". Blank answers are
left out and counted in a note.
`,
});

export const csat = defineMetric({
  name: 'csat',
  summary: 'customer satisfaction: top-two-box share',
  description: 'Customer satisfaction score (CSAT) of survey answers on a 1–5 or other scale.',
  rows: 'answers',
  options: CsatOptions,
  starter: surveyStarter('csat', 'csat < 0'),
  create: (options) => surveyJob(CSAT, options),
  sql: (options, context) => surveySql(CSAT, options, context),
  examples: `Examples:
  engage csat fixtures/ratings.csv                        share of 4 and 5 on a 1–5 scale
  engage csat fixtures/ratings.csv --scale 1-10 --map score=support_rating
  engage csat fixtures/real/app_ratings.csv --map score="Mobile App - Overall Rating"
`,
  details: `
  csat        = answers in the top two boxes of the scale / responses  (--scale 1-5: 4 and 5)
  mean_score  = the mean answer
Answers must be whole numbers on the scale; blanks are left out and counted in a note.
`,
});

export const ces = defineMetric({
  name: 'ces',
  summary: 'customer effort score: mean on 1–7 and share agreeing',
  description: 'Customer effort score (CES) of 1–7 survey answers.',
  rows: 'answers',
  options: SurveyOptions,
  starter: surveyStarter('ces', 'ces < 1'),
  create: (options) => surveyJob(CES, options),
  sql: (options, context) => surveySql(CES, options, context),
  examples: `Examples:
  engage ces fixtures/effort.csv                          mean effort score and share agreeing
  engage ces fixtures/effort.csv --group-by channel --period month
`,
  details: `
  ces          = the mean answer on 1–7 ("the company made it easy to handle my issue")
  agree_share  = answers of 5, 6 or 7 / responses
Answers must be whole numbers from 1 to 7; blanks are left out and counted in a note.
`,
});
