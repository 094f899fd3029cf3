import type { Command } from 'commander';
import { CES } from '../../metrics/survey/metrics.js';
import { SurveyJob } from '../../metrics/survey/survey-job.js';
import { commonMetricOptions, metricCommand } from '../metric-command.js';
import type { Terminal } from '../options.js';

const EXAMPLES = `Examples:
  engage ces fixtures/effort.csv                          mean effort score and share agreeing
  engage ces fixtures/effort.csv --group-by channel --period month
`;

const DETAILS = `
  ces          = the mean answer on 1–7 ("the company made it easy to handle my issue")
  agree_share  = answers of 5, 6 or 7 / responses
Answers must be whole numbers from 1 to 7; blanks are left out and counted in a note.
`;

export function cesCommand(terminal: Terminal): Command {
  return metricCommand(
    {
      name: 'ces',
      summary: 'customer effort score: mean on 1–7 and share agreeing',
      description: 'Customer effort score (CES) of 1–7 survey answers.',
      examples: EXAMPLES,
      details: DETAILS,
      events: false,
      options: () => {},
      job: (raw, common) => new SurveyJob(CES, commonMetricOptions(raw, common)),
    },
    terminal,
  );
}
