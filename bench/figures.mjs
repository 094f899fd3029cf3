// Whether engage's CSV carries the figures a reference computed
// (bench/duckdb-reference.mjs, bench/polars-reference.mjs), per kind of case:
// every figure engage prints, numbers equal to 1e-9 relative (sums may round
// apart in their last digits). Returns the differences found.

function csv(text) {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

const close = (a, b) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
const num = (cell) => (cell === '' || cell === undefined ? null : Number(cell));
const monthKey = (label) => Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;
/** The instant a month (year × 12 + month − 1) starts, UTC. */
const monthStart = (m) => Date.UTC(Math.floor(m / 12), m % 12, 1);
/** Whether a month is partial as engage says it: the data (its latest instant, just after) ends before the month does. */
const partialMonth = (m, end) => end + 1 < monthStart(m + 1);
/** The data's end: the latest instant of the reference's rows (their last column). */
const endOf = (rows) => Math.max(...rows.map((row) => row[row.length - 1]));
const dayKey = (label) => Date.UTC(Number(label.slice(0, 4)), Number(label.slice(5, 7)) - 1, Number(label.slice(8, 10))) / 86_400_000;

/** Rows of figures, compared cell by cell: [label, engage's, the reference's]. */
function differences(label, mine, theirs) {
  const problems = [];
  if (mine.length !== theirs.length) problems.push(`${label}: engage ${mine.length} rows, the reference ${theirs.length}`);
  mine.forEach((row, r) => {
    const other = theirs[r] ?? [];
    row.forEach((cell, i) => {
      const same = typeof cell === 'number' || cell === null ? close(cell, other[i] ?? null) : cell === other[i];
      if (!same) problems.push(`${label} row ${r} column ${i}: engage ${cell}, the reference ${other[i]}`);
    });
  });
  return problems;
}

function retention(text, cells) {
  const size = new Map();
  const count = new Map();
  const end = endOf(cells);
  const last = monthKey(new Date(end).toISOString());
  for (const [cohort, k, n] of cells) {
    if (k === 0) size.set(cohort, n);
    count.set(`${cohort}:${k}`, n);
  }
  const rows = csv(text).filter((r) => r.cohort !== 'all');
  const mine = [];
  const theirs = [];
  for (const r of rows) {
    const cohort = monthKey(r.cohort);
    // The offset of the data's last month, when that month is partial.
    mine.push([cohort, num(r.customers), num(r.partial_offset)]);
    theirs.push([cohort, size.get(cohort) ?? null, partialMonth(last, end) ? last - cohort : null]);
    for (let k = 0; `offset_${k}` in r; k++) {
      if (r[`offset_${k}`] === '') continue;
      mine.push([cohort, k, num(r[`offset_${k}`])]);
      theirs.push([cohort, k, (count.get(`${cohort}:${k}`) ?? 0) / size.get(cohort)]);
    }
  }
  return differences('retention', mine, theirs);
}

export const checks = {
  rate(text, reference) {
    const end = endOf(reference);
    const mine = csv(text).map((r) => {
      if (!close(num(r.pooled_rate), num(r.interactions) / num(r.basis))) throw new Error(`pooled_rate of ${r.period} ${r.platform} is not interactions / basis`);
      return [r.period === 'all' ? null : r.period, r.platform === 'all' ? null : r.platform, num(r.posts), num(r.left_out), num(r.interactions), num(r.basis), num(r.mean_rate), num(r.median_rate), r.partial];
    });
    const theirs = reference.map((row) => [...row.slice(0, 8), String(row[0] !== null && partialMonth(monthKey(row[0]), end))]);
    return differences('rate', mine, theirs);
  },
  churn(text, reference) {
    const rows = csv(text);
    const periods = rows.filter((r) => r.period !== 'all');
    const end = endOf(reference);
    const mine = periods.map((r) => [monthKey(r.period), num(r.active), num(r.new), num(r.churned) ?? 0, r.partial]);
    const problems = differences('churn', mine, reference.map((row) => [...row.slice(0, 4), String(partialMonth(row[0], end))]));
    // The overall row: every customer once (each is new once), churn summed over the complete periods.
    const all = rows.find((r) => r.period === 'all');
    const complete = reference.filter((_, i) => periods[i]?.partial === 'false');
    const customers = reference.reduce((sum, row) => sum + row[2], 0);
    const before = complete.slice(1).reduce((sum, row) => sum + reference[reference.indexOf(row) - 1][1], 0);
    const churned = complete.slice(1).reduce((sum, row) => sum + row[3], 0);
    problems.push(...differences('churn all', [[num(all.active), num(all.active_before), num(all.churned)]], [[customers, before, churned]]));
    return problems;
  },
  retention,
  ga4: retention,
  funnel(text, reference) {
    const mine = csv(text).map((r) => {
      const times = (from) => ['mean', 'median', 'p90', 'p95'].map((stat) => num(r[`${stat}_hours_from_${from}`]));
      return [num(r.step), num(r.customers), ...(r.step === '1' ? [null, null] : [times('previous'), times('first')])];
    });
    const flat = (rows) => rows.map((row) => row.flatMap((cell) => (Array.isArray(cell) ? cell : [cell])));
    return differences('funnel', flat(mine), flat(reference));
  },
  rolling(text, reference) {
    const mine = csv(text).map((r) => [dayKey(r.day), num(r.active_1d), num(r.active_7d), num(r.active_28d)]);
    return differences('rolling', mine, reference);
  },
};
