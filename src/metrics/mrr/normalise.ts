// A subscription's amount as monthly recurring revenue (subscription-revenue.md
// "Input"): (quantity × amount − discount) ÷ the months of its billing
// interval; month 1, year 12, quarter 3, week 12/52, day 12/365.

const MONTHS: Record<string, number> = {
  month: 1, monthly: 1, mo: 1, months: 1,
  year: 12, yearly: 12, annual: 12, annually: 12, yr: 12, years: 12,
  quarter: 3, quarterly: 3, quarters: 3,
  week: 12 / 52, weekly: 12 / 52, weeks: 12 / 52,
  day: 12 / 365, daily: 12 / 365, days: 12 / 365,
};

/** The months one billing interval lasts; undefined for a word that names none. A blank interval is a month (the amount is monthly). */
export function intervalMonths(interval: string): number | undefined {
  const word = interval.trim().toLowerCase();
  return word === '' ? 1 : MONTHS[word];
}

/** The MRR of a subscription's amount; NaN parts are their defaults (one unit, no discount). */
export function monthlyAmount(amount: number, quantity: number, discount: number, months: number): number {
  const units = Number.isNaN(quantity) ? 1 : quantity;
  const off = Number.isNaN(discount) ? 0 : discount;
  return (units * amount - off) / months;
}

export const INTERVAL_WORDS = Object.keys(MONTHS);
