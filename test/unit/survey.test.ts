import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

const NPS = 'nps';
const CSAT = 'csat';
const CES = 'ces';

async function survey(metric: string, scores: (number | string)[], options: Record<string, unknown> = {}) {
  const text = `respondent_id,score\n${scores.map((score, i) => `r${i},${score}`).join('\n')}\n`;
  return compute(metric, text, options);
}

describe('engage nps, hand-worked', () => {
  it('all promoters: +100, no margin', async () => {
    const { rows } = await survey(NPS, [9, 10, 10]);
    expect(rows[0]).toMatchObject({ responses: 3, promoters: 3, passives: 0, detractors: 0, nps: 100, margin: 0 });
  });

  it('all passives: 0', async () => {
    const { rows } = await survey(NPS, [7, 8, 8, 7]);
    expect(rows[0]).toMatchObject({ responses: 4, passives: 4, nps: 0, margin: 0 });
  });

  it('all detractors: −100', async () => {
    const { rows } = await survey(NPS, [0, 6, 3]);
    expect(rows[0]).toMatchObject({ detractors: 3, nps: -100, margin: 0 });
  });

  it('a mixed set with its margin worked by hand', async () => {
    // 5 promoters, 2 passives, 3 detractors of 10: NPS 20; p = 0.5, d = 0.3,
    // margin = 100 × 1.96 × √((0.8 − 0.04) / 10) = 196 × √0.076.
    const { rows } = await survey(NPS, [10, 9, 8, 7, 6, 0, 10, 3, 9, 10]);
    expect(rows[0]).toMatchObject({ responses: 10, promoters: 5, passives: 2, detractors: 3, promoter_share: 0.5, passive_share: 0.2, detractor_share: 0.3 });
    expect(rows[0].nps).toBeCloseTo(20, 12);
    expect(rows[0].margin).toBeCloseTo(54.03347110819366, 10);
  });

  it('leaves blank answers out with a note, and stops on answers off the scale', async () => {
    const { rows, notes } = await survey(NPS, [10, '', 0, 'NA', '#N/A']);
    expect(rows[0]).toMatchObject({ responses: 2, nps: 0 });
    expect(notes[0]).toBe('3 blank "score" answers left out (no answer) (at stdin:3, 5, 6)');
    for (const bad of [11, -1, '7.5', 'ten']) {
      const error = await failure(survey(NPS, [10, bad]));
      expect(error.exitCode).toBe(65);
      expect(error.message).toContain(`expected a whole number from 0 to 10; the first was "${bad}" (at stdin:3)`);
    }
  });

  it('refuses a --scale other than 0-10', async () => {
    expect((await failure(survey(NPS, [1], { scale: '1-5' }))).exitCode).toBe(2);
  });
});

describe('engage csat and ces, hand-worked', () => {
  it('CSAT on 1–5: the share of 4 and 5', async () => {
    const { rows } = await survey(CSAT, [5, 4, 3, 5, 1, 4, 2, 5]);
    expect(rows[0]).toMatchObject({ responses: 8, satisfied: 5, csat: 0.625, mean_score: 3.625 });
  });

  it('CSAT on 1–10: the share of 9 and 10', async () => {
    const { rows } = await survey(CSAT, [10, 9, 8, 10, 3, 9], { scale: '1-10' });
    expect(rows[0]).toMatchObject({ responses: 6, satisfied: 4 });
    expect(rows[0].csat).toBeCloseTo(4 / 6, 15);
    expect(rows[0].mean_score).toBeCloseTo(49 / 6, 15);
    const error = await failure(survey(CSAT, [6]));
    expect(error.message).toContain('expected a whole number from 1 to 5');
  });

  it('a 1–5 rating read as NPS stops instead of giving −100, and points to csat', async () => {
    // Olist's review_score column is a 1–5 rating; 20 answers from 1 to 5 would all be detractors.
    const scores = [5, 4, 5, 1, 3, 5, 4, 4, 2, 5, 5, 4, 3, 5, 1, 4, 5, 5, 4, 2];
    const error = await failure(compute('nps', `review_id,review_score\n${scores.map((x, i) => `r${i},${x}`).join('\n')}\n`));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('all 20 answers are from 1 to 5');
    expect(error.hints?.[0]).toContain('engage csat');
    const { rows } = await compute('csat', `review_id,review_score\n${scores.map((x, i) => `r${i},${x}`).join('\n')}\n`);
    expect(rows[0]).toMatchObject({ responses: 20, satisfied: 14, csat: 0.7 });
    // With a 0 among them the answers are on 0–10: every one of them a detractor, NPS −100 is the figure.
    expect((await survey(NPS, [...scores, 0])).rows[0]).toMatchObject({ responses: 21, detractors: 21, nps: -100 });
  });

  it('answers of a 1–10 question read on 1–5 ask for --scale, and --skip-invalid does not hide them', async () => {
    // Leaving out the 6–10 answers would compute CSAT over the low answers only: a wrong figure.
    for (const options of [{}, { skipInvalid: true }]) {
      const error = await failure(survey(CSAT, [10, 9, 2, 7, 1], options));
      expect(error.exitCode).toBe(65);
      expect(error.message).toBe('3 rows with an answer off the scale in "score": expected a whole number from 1 to 5; the first was "10" (at stdin:2, 3, 5)');
      expect(error.hints).toEqual(["the answers go from 1 to 10: name the question's scale, e.g. --scale 1-10"]);
    }
  });

  it('CES: the mean on 1–7 and the share agreeing (5–7)', async () => {
    const { rows } = await survey(CES, [7, 5, 4, 6, 2, 5]);
    expect(rows[0]).toMatchObject({ responses: 6, agree: 4 });
    expect(rows[0].ces).toBeCloseTo(29 / 6, 15);
    expect(rows[0].agree_share).toBeCloseTo(4 / 6, 15);
  });
});

describe('nps --compare', () => {
  it('compares NPS by difference in points, counts relatively', async () => {
    const text = 'responded_at,score\n2026-01-05,10\n2026-01-06,0\n2026-02-03,10\n2026-02-04,10\n2026-02-05,9\n';
    const { doc, rows } = await compute('nps', text, { period: 'month', compare: 'previous', until: '2026-03-01' });
    // January NPS 0 (1 promoter, 1 detractor), February +100: +100 points; responses 2 → 3: +50%.
    expect(rows[1]).toMatchObject({ period: '2026-02', nps: 100, nps_change: 100, responses_change: 0.5 });
    expect(doc.table.columns.find((c) => c.name === 'nps_change')?.type).toBe('score');
  });
});
