import type { Accumulator } from '../types.js';

// Answers on an integer scale, kept as a histogram: every survey metric is a
// function of the counts per score. Pure, mergeable.

export class ScoreCounts implements Accumulator<{ score: number }> {
  readonly counts: Float64Array;

  constructor(readonly min: number, readonly max: number) {
    this.counts = new Float64Array(max - min + 1);
  }

  /** One answer, already checked to be a whole number on the scale. */
  add(answer: { score: number }): void {
    this.counts[answer.score - this.min]++;
  }

  merge(other: ScoreCounts): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
  }

  get responses(): number {
    let total = 0;
    for (const count of this.counts) total += count;
    return total;
  }

  /** Answers from `low` to `high` inclusive. */
  between(low: number, high: number): number {
    let total = 0;
    for (let score = Math.max(low, this.min); score <= Math.min(high, this.max); score++) total += this.counts[score - this.min];
    return total;
  }

  /** The sample standard deviation of the answers; undefined under 2 answers. */
  sd(): number | null {
    const n = this.responses;
    if (n < 2) return null;
    let [sum, squares] = [0, 0];
    this.counts.forEach((count, i) => {
      sum += count * (i + this.min);
      squares += count * (i + this.min) ** 2;
    });
    return Math.sqrt(Math.max(0, squares - (sum * sum) / n) / (n - 1));
  }

  mean(): number | null {
    const n = this.responses;
    if (n === 0) return null;
    let sum = 0;
    this.counts.forEach((count, i) => (sum += count * (i + this.min)));
    return sum / n;
  }
}

export interface NpsFigures {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  /** ± half-width of the 95% confidence interval, in NPS points. */
  margin: number | null;
}

/** Promoters 9–10, passives 7–8, detractors 0–6 (METRICS.md "Survey answers"). */
export function npsOf(scores: ScoreCounts): NpsFigures {
  const responses = scores.responses;
  const promoters = scores.between(9, 10);
  const passives = scores.between(7, 8);
  const detractors = scores.between(0, 6);
  if (responses === 0) return { responses, promoters, passives, detractors, nps: null, margin: null };
  const p = promoters / responses;
  const d = detractors / responses;
  return {
    responses,
    promoters,
    passives,
    detractors,
    nps: (100 * (promoters - detractors)) / responses,
    margin: 100 * 1.96 * Math.sqrt((p + d - (p - d) ** 2) / responses),
  };
}
