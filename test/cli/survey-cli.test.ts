import { describe, expect, it } from 'vitest';
import { csvRows, engage } from '../helpers/cli.js';

// The real surveys were checked independently with Python's csv module:
// counts of 9–10, 7–8 and 0–6 per file and per airline, NPS and margin by the
// METRICS.md formulas, and the top-two-box shares of the app ratings. For
// Sudzilla, Preppin' Data's own answer (case 040) is NPS −35.9 from 39
// respondents, 8 promoters and 22 detractors.
const SUDZILLA_QUESTION = 'score=On a scale of 0-10, how would you rate Sudzilla?';

describe('engage nps, csat and ces from the command line', () => {
  it.each([
    ['nps', 'fixtures/answers.csv', 'responses,promoters,passives,detractors,promoter_share,passive_share,detractor_share,nps,margin'],
    ['csat', 'fixtures/ratings.csv', 'responses,satisfied,csat,mean_score'],
    ['ces', 'fixtures/effort.csv', 'responses,ces,ces_sd,agree,agree_share'],
  ])('%s writes stable CSV columns', async (command, file, header) => {
    const csv = await engage([command, file]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(header);
  });

  it('nps of the bundled answers, with a blank answer noted', async () => {
    // 36 answers: 20 promoters, 10 detractors (counted with Python).
    const { stdout, stderr } = await engage(['nps', 'fixtures/answers.csv']);
    expect(csvRows(stdout)[0]).toMatchObject({ responses: '36', promoters: '20', detractors: '10' });
    expect(Number(csvRows(stdout)[0].nps)).toBeCloseTo(100 * 10 / 36, 12);
    expect(stderr).toContain('1 blank "score" answer left out (no answer)');
  });

  it('reads a question header with --map: the Sudzilla surveys of both years', async () => {
    for (const file of ['fixtures/real/sudzilla_2019.csv', 'fixtures/real/sudzilla_2020.csv']) {
      const { code, stdout } = await engage(['nps', file, '--map', SUDZILLA_QUESTION]);
      expect(code).toBe(0);
      const row = csvRows(stdout.replace(/"[^"]*"/g, ''))[0];
      expect(row).toMatchObject({ responses: '39', promoters: '8', passives: '9', detractors: '22' });
      expect(Number(row.nps)).toBeCloseTo(-35.8974358974359, 10);
      expect(Number(row.margin)).toBeCloseTo(25.115315563300506, 10);
    }
  });

  it('groups the airline survey by airline, overall last', async () => {
    const { code, stdout } = await engage(['nps', 'fixtures/real/airline_nps.csv', '--map', 'score=How likely are you to recommend this airline?', '--group-by', 'Airline', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout).rows;
    const abbott = rows.find((r: { airline: string }) => r.airline === 'Abbott, Boyle and Morar');
    expect(abbott).toMatchObject({ responses: 60, promoters: 23, passives: 22, detractors: 15 });
    expect(abbott.nps).toBeCloseTo(13.333333333333334, 10);
    expect(abbott.margin).toBeCloseTo(19.852448305025344, 10);
    expect(rows.at(-1)).toMatchObject({ airline: 'all', responses: 5723, promoters: 2069, passives: 2096, detractors: 1558 });
    expect(rows.at(-1).nps).toBeCloseTo(8.92888345273458, 10);
    expect(rows.at(-1).margin).toBeCloseTo(2.04954344000413, 10);
  });

  it('CSAT of the mobile app and web ratings (1–5)', async () => {
    const app = csvRows((await engage(['csat', 'fixtures/real/app_ratings.csv', '--map', 'score=Mobile App - Overall Rating'])).stdout)[0];
    expect(app).toMatchObject({ responses: '768', satisfied: '288', csat: '0.375' });
    expect(Number(app.mean_score)).toBeCloseTo(2.9973958333333335, 12);
    const web = csvRows((await engage(['csat', 'fixtures/real/app_ratings.csv', '--map', 'score=Online Interface - Overall Rating'])).stdout)[0];
    expect(web).toMatchObject({ responses: '768', satisfied: '301' });
    expect(Number(web.csat)).toBeCloseTo(0.3919270833333333, 12);
  });

  it('names the question when there is no score column', async () => {
    const { code, stderr } = await engage(['nps', 'fixtures/real/sudzilla_2019.csv']);
    expect(code).toBe(65);
    expect(stderr).toContain('no score column, the answers to count');
    expect(stderr).toContain('--map score="How likely are you to recommend us?"');
  });
});
