// One threshold of one candidate (segments-and-drivers.md "The table"): the
// 2×2 table of customers who reached it or not against the outcome, and
// what is read off it. The odds ratio adds a prior count of 1 to every cell,
// as PostHog's funnel correlation does, so that a zero cell gives a finite
// ratio; phi is on the counts themselves. Anything without a comparison is
// undefined (null), never 0 or Infinity.

/** a: reached and outcome yes; b: reached, no; c: not reached, yes; d: not reached, no. */
export interface Cells {
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface ThresholdFigures {
  did: number;
  not: number;
  rateDid: number | null;
  rateNot: number | null;
  lift: number | null;
  oddsRatio: number | null;
  oddsLow: number | null;
  oddsHigh: number | null;
  phi: number | null;
  share: number | null;
}

const PRIOR = 1;
// The spec's 95 % interval (Woolf): 1.96 standard errors on the log scale.
const Z_95 = 1.96;

export function thresholdFigures({ a, b, c, d }: Cells): ThresholdFigures {
  const [did, not, yes, no] = [a + b, c + d, a + c, b + d];
  const n = did + not;
  const rateDid = did > 0 ? a / did : null;
  const rateNot = not > 0 ? c / not : null;
  const lift = rateDid !== null && rateNot !== null && rateNot > 0 ? rateDid / rateNot : null;
  // No comparison when the threshold splits nobody off, or every customer has one outcome.
  const compared = did > 0 && not > 0 && yes > 0 && no > 0;
  const [pa, pb, pc, pd] = [a + PRIOR, b + PRIOR, c + PRIOR, d + PRIOR];
  const oddsRatio = compared ? (pa * pd) / (pb * pc) : null;
  const spread = Z_95 * Math.sqrt(1 / pa + 1 / pb + 1 / pc + 1 / pd);
  const margins = did * not * yes * no;
  return {
    did,
    not,
    rateDid,
    rateNot,
    lift,
    oddsRatio,
    oddsLow: oddsRatio === null ? null : Math.exp(Math.log(oddsRatio) - spread),
    oddsHigh: oddsRatio === null ? null : Math.exp(Math.log(oddsRatio) + spread),
    phi: margins > 0 ? (a * d - b * c) / Math.sqrt(margins) : null,
    share: n > 0 ? did / n : null,
  };
}
