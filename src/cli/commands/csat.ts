import type { Command } from 'commander';
import { CSAT } from '../../metrics/survey/metrics.js';
import { SurveyJob } from '../../metrics/survey/survey-job.js';
import { commonMetricOptions, metricCommand } from '../metric-command.js';
import type { Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage csat fixtures/ratings.csv                        share of 4 and 5 on a 1–5 scale
  engage csat fixtures/ratings.csv --scale 1-10 --map score=support_rating
  engage csat fixtures/real/app_ratings.csv --map score="Mobile App - Overall Rating"
`;

const DETAILS = `
  csat        = answers in the top two boxes of the scale / responses  (--scale 1-5: 4 and 5)
  mean_score  = the mean answer
Answers must be whole numbers on the scale; blanks are left out and counted in a note.
`;

export function csatCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'csat',
      summary: 'customer satisfaction: top-two-box share',
      description: 'Customer satisfaction score (CSAT) of survey answers on a 1–5 or other scale.',
      examples: EXAMPLES,
      details: DETAILS,
      events: false,
      options: (command) => command.option('--scale <low-high>', 'the answer scale', '1-5'),
      job: (raw, common) => new SurveyJob(CSAT, { ...commonMetricOptions(raw, common), scale: raw.scale as string }),
    },
    terminal,
  );
}
