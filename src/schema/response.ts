import { z } from 'zod';
import { numberColumn, textColumn, timestampColumn } from './columns.js';

// One row per survey answer: NPS, CSAT and CES exports from survey tools,
// CX platforms and spreadsheets. A question header ("How likely are you to
// recommend us?") is named with --map score="…".

export const ResponseRow = z.object({
  respondent_id: textColumn('who answered', ['respondent id', 'response id', 'customer id', 'customerid', 'user id', 'email', '回答者ID', '顧客ID']),
  responded_at: timestampColumn('when the answer was given', [
    'timestamp', 'submitted at', 'submitted', 'date', 'response date', 'created at', 'time', '回答日時', '日時', '日付',
  ]),
  score: numberColumn('the answer on the scale', [
    'nps', 'nps score', 'rating', 'csat', 'ces', 'answer', 'likelihood to recommend', 'how likely are you to recommend',
    'recommend', 'likely to recommend', 'recommendation score', 'review score', 'review_score', '評価', 'スコア', '点数', '推奨度',
  ]),
});
export type ResponseRow = z.output<typeof ResponseRow>;
