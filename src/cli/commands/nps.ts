import type { Command } from 'commander';
import { NPS } from '../../metrics/survey/metrics.js';
import { SurveyJob } from '../../metrics/survey/survey-job.js';
import { commonMetricOptions, metricCommand } from '../metric-command.js';
import type { Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage nps fixtures/answers.csv                         NPS with its 95% margin of error
  engage nps fixtures/answers.csv --group-by store --period month
  engage nps fixtures/real/airline_nps.csv --map score="How likely are you to recommend this airline?" --group-by Airline
  engage nps fixtures/real/sudzilla_2020.csv --map score="On a scale of 0-10, how would you rate Sudzilla?"
`;

const DETAILS = `
  promoters 9–10, passives 7–8, detractors 0–6 (answers must be whole numbers from 0 to 10)
  nps     = 100 × (promoters − detractors) / responses, from −100 to 100
  margin  = 100 × 1.96 × √((p + d − (p − d)²) / n): the 95% interval is nps ± margin

The score column is found by name (score, nps, rating, 評価, …); a question header
is named with --map score="How likely are you to recommend us?". Blank answers are
left out and counted in a note.
`;

export function npsCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'nps',
      summary: 'Net Promoter Score with its margin of error',
      description: 'Net Promoter Score of 0–10 survey answers.',
      examples: EXAMPLES,
      details: DETAILS,
      events: false,
      options: () => {},
      job: (raw, common) => new SurveyJob(NPS, commonMetricOptions(raw, common)),
    },
    terminal,
  );
}
