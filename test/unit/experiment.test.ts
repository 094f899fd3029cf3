import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compute } from '../helpers/compute.js';
import { failure } from '../helpers/rate.js';

// engage experiment from per-user rows and from --summary files, with the
// figures of GrowthBook's published gbstats test cases (named where used).

const run = (text: string, options: Record<string, unknown>) => compute('experiment', text, options);
const round = (x: unknown, decimals = 5) => (typeof x === 'number' ? Math.round(x * 10 ** decimals) / 10 ** decimals : x);
const users = (variant: string, values: number[]) => values.map((v, i) => `${variant}${i},${variant},${v}`);
const csv = (lines: string[]) => ['user_id,variant,metric', ...lines].join('\n');

describe('per-user rows', () => {
  it('0/1 values are a proportion: GrowthBook test_two_sided_ttest_binom, 14 of 28 against 16 of 30', async () => {
    const lines = [...users('control', [...Array(14).fill(1), ...Array(14).fill(0)]), ...users('b', [...Array(16).fill(1), ...Array(14).fill(0)])];
    const { rows } = await run(csv(lines), { metric: 'metric' });
    expect(rows.map((r) => r.variant)).toEqual(['control', 'b']);
    expect([rows[1].relative_effect, rows[1].ci_low, rows[1].ci_high, rows[1].se, rows[1].p_value].map((x) => round(x))).toEqual([0.06667, -0.47767, 0.61101, 0.2717, 0.80707]);
    expect(rows[0].mean).toBe(0.5);
    expect(rows[1].significant).toBe(false);
  });

  it('other numbers are a mean: GrowthBook test_bayesian_gaussian_ab_test (means 10 and 10.5 of 10 users, Σx² 1002.25 and 1111.5)', async () => {
    // Ten values a side with those sums: 10 ± 0.75 twice and 10 six times; 10.5 ± 1.5 twice and 10.5 six times.
    const control = [10.75, 9.25, 10.75, 9.25, 10, 10, 10, 10, 10, 10];
    const variant = [12, 9, 12, 9, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5];
    const { rows } = await run(csv([...users('control', control), ...users('v', variant)]), { metric: 'metric', stats: 'bayesian' });
    const r = rows[1];
    expect([r.relative_effect, r.credible_low, r.credible_high, r.sd, r.chance_to_win, r.risk_control, r.risk_variant].map((x) => round(x))).toEqual([0.05, -0.02, 0.12, 0.03572, 0.91923, 0.05131, 0.00131]);
  });

  it('a ratio of two columns’ totals, --control by name, the variants listed control first then sorted', async () => {
    // Base: revenue 10, 20, 30 over orders 1, 2, 1 (60 / 4 = 15); b: 40 / 4 = 10; a: 30 / 3 = 10.
    const text = ['user,arm,revenue,orders', 'u1,base,10,1', 'u2,base,20,2', 'u3,base,30,1', 'u4,b,20,2', 'u5,b,20,2', 'u6,a,10,1', 'u7,a,10,1', 'u8,a,10,1'].join('\n');
    const { rows, notes } = await run(text, { metric: 'revenue/orders', control: 'base', variant: 'arm' });
    expect(rows.map((r) => [r.variant, r.users, r.mean])).toEqual([['base', 3, 15], ['a', 3, 10], ['b', 2, 10]]);
    expect(notes).toContain('2 variants, each compared with base on its own: no correction for multiple comparisons');
  });

  it('the fixture’s onboarding test: per-user rows give what --summary gives of the same sums', async () => {
    const text = readFileSync('fixtures/experiment.csv', 'utf8');
    const records = text.trim().split('\n').slice(1).map((line) => line.split(','));
    // Σ, Σ² and users per variant of the revenue column, added up here.
    const sums = new Map<string, [number, number, number]>();
    for (const record of records) {
      const [n, s, ss] = sums.get(record[1]) ?? [0, 0, 0];
      const value = Number(record[4]);
      sums.set(record[1], [n + 1, s + value, ss + value * value]);
    }
    const summary = ['variant,users,sum,sum_squares', ...[...sums].map(([v, [n, s, ss]]) => `${v},${n},${s},${ss}`)].join('\n');
    const fromRows = (await run(text, { metric: 'revenue' })).rows;
    const fromSums = (await run(summary, { summary: true })).rows;
    expect(fromRows.map((r) => r.users)).toEqual(fromSums.map((r) => r.users));
    for (const key of ['mean', 'relative_effect', 'ci_low', 'ci_high', 'p_value']) {
      fromRows.forEach((row, i) => (row[key] === null ? expect(fromSums[i][key]).toBeNull() : expect(row[key] as number).toBeCloseTo(fromSums[i][key] as number, 9)));
    }
  });
});

describe('figures that do not exist', () => {
  it('Welch’s degrees of freedom of two arms that do not vary around the covariate are none, never NaN (a generated case)', async () => {
    const text = ['user_id,variant,metric,pre,segment', 'u0,control,1,,x', 'u1,b,1,,x', 'u2,control,0,1,x', 'u3,a,0,,x', 'u4,control,0,,y', 'u5,a,0,,x', 'u6,b,1,,x', 'u7,control,0,,y'].join('\n');
    const { rows } = await compute('experiment', text, { metric: 'metric', covariate: 'pre', groupBy: ['segment'] });
    const b = rows.find((r) => r.segment === 'x' && r.variant === 'b')!;
    expect([b.relative_effect, b.p_value, b.df]).toEqual([0, 1, null]);
    expect(rows.flatMap((r) => Object.values(r)).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
  });
});

describe('--summary', () => {
  const sums = 'variant,users,sum,sum_squares\ncontrol,3407,1396.87,52377.9767\nb,3461,2422.7,134698.29\n';
  it('GrowthBook test_two_sided_ttest and test_two_sided_ttest_absolute', async () => {
    const relative = (await run(sums, { summary: true })).rows[1];
    expect([relative.relative_effect, relative.ci_low, relative.ci_high, relative.se, relative.p_value].map((x) => round(x))).toEqual([0.70732, -0.03526, 1.44989, 0.37879, 0.06191]);
    const absolute = (await run(sums, { summary: true, difference: 'absolute' })).rows[1];
    expect([absolute.absolute_effect, absolute.ci_low, absolute.ci_high, absolute.se, absolute.p_value].map((x) => round(x))).toEqual([0.29, 0.04538, 0.53462, 0.12478, 0.02016]);
    expect(absolute.significant).toBe(true);
  });

  it('one-sided: GrowthBook TestOneSidedGreaterTTest, the upper end open (null in JSON, empty in CSV)', async () => {
    const text = sums.replace('3407', '3000');
    const { rows } = await run(text, { summary: true, sided: 'greater' });
    expect([rows[1].ci_low, rows[1].p_value].map((x) => round(x))).toEqual([-0.04514, 0.06558]);
    expect(rows[1].ci_high).toBe(Number.POSITIVE_INFINITY);
  });

  it('sequential with a covariate: GrowthBook test_sequential_test_runs_ra (CUPED, θ from the pooled sums)', async () => {
    const text = 'variant,users,sum,sum_squares,covariate_sum,covariate_sum_squares,sum_products\ncontrol,3000,1396.87,52377.9767,16.87,527.9767,1\nb,3461,2422.7,134698.29,22.7,1348.29,1\n';
    const { rows, formula } = await run(text, { summary: true, sequential: true });
    expect([rows[1].relative_effect, rows[1].ci_low, rows[1].ci_high, rows[1].se, rows[1].p_value].map((x) => round(x))).toEqual([0.50338, -0.50969, 1.51646, 0.33341, 1]);
    expect(typeof rows[1].theta).toBe('number');
    expect(formula).toContain('CUPED');
  });

  it('a proportion without sum_squares: GrowthBook test_sequential_test_runs_prop', async () => {
    const { rows } = await run('variant,users,sum\ncontrol,3000,1396\nb,3461,2422\n', { summary: true, sequential: true });
    expect([rows[1].relative_effect, rows[1].ci_low, rows[1].ci_high, rows[1].p_value].map((x) => round(x))).toEqual([0.50386, 0.40098, 0.60675, 0]);
  });

  it('sample-ratio mismatch: GrowthBook test_srm, 1,000 against 1,200 users, p 0.000020079, and a warning', async () => {
    const { rows, notes } = await run('variant,users,sum\ncontrol,1000,100\nb,1200,130\n', { summary: true });
    expect(round(rows[0].srm_p_value, 9)).toBe(0.000020079);
    expect(notes.some((n) => n.startsWith('warning: sample-ratio mismatch: the users per variant (control 1000, b 1200) do not match the planned split'))).toBe(true);
    // Planned 5 to 6, the split matches.
    const planned = await run('variant,users,sum\ncontrol,1000,100\nb,1200,130\n', { summary: true, weights: [5, 6] });
    expect(planned.rows[0].srm_p_value).toBeCloseTo(1, 12);
    expect(planned.notes.some((n) => n.startsWith('warning:'))).toBe(false);
  });

  it('refuses sums no users could have', async () => {
    expect((await failure(run('variant,users,sum,sum_squares\ncontrol,10,100,10\nb,10,100,2000\n', { summary: true }))).message).toContain('sum_squares 10 is below sum²/users = 1000');
    expect((await failure(run('variant,users,sum\ncontrol,10,12\nb,10,5\n', { summary: true }))).message).toContain('12 converted of 10 users');
  });
});

describe('bad input and options with nothing to act on', () => {
  const lines = csv([...users('control', [1, 0, 1]), ...users('b', [0, 1, 1])]);
  it('a control that is not there, or none named control', async () => {
    expect((await failure(run(lines, { metric: 'metric', control: 'base' }))).message).toContain('--control "base" is not a variant of the file');
    const noControl = await failure(run(csv([...users('a', [1, 0]), ...users('b', [0, 1])]), { metric: 'metric' }));
    expect(noControl.exitCode).toBe(2);
    expect(noControl.hints).toContain('the variants: "a", "b"');
  });

  it('a bad metric cell names the file, line, column and value', async () => {
    const error = await failure(run(csv(['u1,control,1', 'u2,b,yes']), { metric: 'metric' }));
    expect(error.exitCode).toBe(65);
    expect(error.message).toContain('bad "metric" value (--metric metric)');
    expect(error.message).toContain('"yes"');
    expect(error.message).toContain('stdin:3');
  });

  it('blank variants and metrics are left out and noted; one variant is no experiment', async () => {
    const { rows, notes } = await run(csv(['u1,control,1', 'u2,control,0', 'u3,,1', 'u4,b,', 'u5,b,1', 'u6,b,0']), { metric: 'metric' });
    expect(rows.map((r) => r.users)).toEqual([2, 2]);
    expect(notes.some((n) => n.startsWith('1 row with a blank "variant" left out'))).toBe(true);
    expect(notes.some((n) => n.startsWith('1 row with a blank "metric" left out'))).toBe(true);
    const one = await failure(run(csv(users('control', [1, 0])), { metric: 'metric' }));
    expect(one.message).toContain('the variant column holds one value, "control"');
    expect(one.exitCode).toBe(65);
  });

  it('options that do nothing here are errors', async () => {
    expect((await failure(run(lines, { metric: 'metric', stats: 'bayesian', sided: 'greater' }))).message).toContain('--sided has nothing to act on here');
    expect((await failure(run(lines, { metric: 'metric', tuning: 100 }))).message).toContain('--tuning has nothing to act on here');
    expect((await failure(run(lines, { metric: 'metric', prior: '0,1' }))).message).toContain('--prior has nothing to act on here');
    expect((await failure(run(lines, { metric: 'metric', weights: [1, 1, 1] }))).message).toContain('--weights gives 3 weights for 2 variants');
    expect((await failure(run(lines, {}))).message).toContain('engage experiment needs --metric COLUMN');
  });
});

describe('--prior with an absolute effect', () => {
  it('is put on the absolute scale: mean × |control|, variance × control²', async () => {
    // Control mean 10, variant 10.5 (GrowthBook's Gaussian case); a prior N(0.1, 0.0001) on the relative effect is N(1, 0.01) absolute.
    const control = [10.75, 9.25, 10.75, 9.25, 10, 10, 10, 10, 10, 10];
    const variant = [12, 9, 12, 9, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5];
    const text = csv([...users('control', control), ...users('v', variant)]);
    const { rows } = await run(text, { metric: 'metric', stats: 'bayesian', difference: 'absolute', prior: '0.1,0.0001' });
    // Absolute Δ = 0.5 with variance 1/10 + 0.25/10 = 0.125; posterior precision 8 + 100, mean (0.5·8 + 1·100) / 108.
    expect(rows[1].absolute_effect).toBeCloseTo((0.5 * 8 + 100) / 108, 12);
    expect(rows[1].sd).toBeCloseTo(Math.sqrt(1 / 108), 12);
  });
});

describe('an event log (--exposure-event)', () => {
  const log = readFileSync('fixtures/onboarding-events.csv', 'utf8');
  // An independent Python reading (csv, datetime) of the same file: each user's exposures with a variant, in time order;
  // users with two variants out; signups at or after the first exposure and within 7 days; Σ and Σ² of purchase amounts after it.
  const python = { control: { users: 156, converted: 40, sum: 1033.62, sumSquares: 64889.2038 }, new_onboarding: { users: 141, converted: 47, sum: 1302.62, sumSquares: 82008.034 } };

  it('conversion within a window: the users and conversions of an independent reading, the statistics of their sums', async () => {
    const { rows, notes } = await compute('experiment', log, { exposureEvent: 'exposure', metric: 'conversion:signup', window: '7d' });
    expect(rows.map((r) => [r.variant, r.users, r.mean])).toEqual([
      ['control', 156, 40 / 156],
      ['new_onboarding', 141, 47 / 141],
    ]);
    expect(notes).toContain('3 users exposed to more than one variant were left out');
    expect(notes).toContain('1 exposure row with a blank "variant" ignored');
    const sums = await run(`variant,users,sum\ncontrol,156,40\nnew_onboarding,141,47\n`, { summary: true });
    expect(rows[1].p_value).toBeCloseTo(sums.rows[1].p_value as number, 12);
    expect(rows[1].relative_effect).toBeCloseTo(sums.rows[1].relative_effect as number, 12);
  });

  it('sum:EVENT:COLUMN after the first exposure, and always a mean', async () => {
    const { rows } = await compute('experiment', log, { exposureEvent: 'exposure', metric: 'sum:purchase:amount', difference: 'absolute' });
    const { control, new_onboarding: variant } = python;
    expect(rows[0].mean).toBeCloseTo(control.sum / control.users, 12);
    expect(rows[1].mean).toBeCloseTo(variant.sum / variant.users, 12);
    const summary = `variant,users,sum,sum_squares\ncontrol,${control.users},${control.sum},${control.sumSquares}\nnew_onboarding,${variant.users},${variant.sum},${variant.sumSquares}\n`;
    const sums = await run(summary, { summary: true, difference: 'absolute' });
    for (const key of ['absolute_effect', 'ci_low', 'ci_high', 'p_value']) expect(rows[1][key]).toBeCloseTo(sums.rows[1][key] as number, 9);
  });

  it('hand-worked rules: events before the exposure and after the window never count; count:EVENT is a mean', async () => {
    const text = [
      'user,time,event,variant',
      'a,2026-01-01T00:00:00Z,signup,', // before a's exposure
      'a,2026-01-01T01:00:00Z,exposure,control',
      'a,2026-01-02T01:00:00Z,signup,', // exactly 24 h after: inside a 1d window
      'b,2026-01-01T00:00:00Z,exposure,control',
      'b,2026-01-03T00:00:00Z,signup,', // 48 h after: outside
      'c,2026-01-01T00:00:00Z,exposure,b',
      'c,2026-01-01T00:00:00Z,signup,', // at the exposure's instant
      'c,2026-01-01T05:00:00Z,signup,',
      'd,2026-01-01T00:00:00Z,exposure,b',
    ].join('\n');
    const conversion = await compute('experiment', text, { exposureEvent: 'exposure', metric: 'conversion:signup', window: '1d' });
    expect(conversion.rows.map((r) => [r.variant, r.users, r.mean])).toEqual([['control', 2, 0.5], ['b', 2, 0.5]]);
    const count = await compute('experiment', text, { exposureEvent: 'exposure', metric: 'count:signup', window: '1d' });
    expect(count.rows.map((r) => r.mean)).toEqual([0.5, 1]);
    expect(count.formula).toContain('mean = the mean per user');
  });

  it('--metric must say what to count of the log; event-log options need --exposure-event', async () => {
    expect((await failure(compute('experiment', log, { exposureEvent: 'exposure', metric: 'signup' }))).message).toContain('with --exposure-event the metric is conversion:EVENT, count:EVENT or sum:EVENT:COLUMN');
    expect((await failure(run(csv(users('control', [1, 0])), { metric: 'metric', window: '7d' }))).message).toContain('--window has nothing to act on here');
  });
});

describe('CUPED for proportions, worked by hand', () => {
  it('θ from pooled proportions (var q(1 − q), cov ΣXY/N − ΣX ΣY/N²); the adjusted difference of means', async () => {
    // Control: y 1,0,1,0 with x 1,0,1,1; variant: y 1,1,1,0 with x 1,1,0,0.
    const text = ['user,variant,y,x', 'a1,control,1,1', 'a2,control,0,0', 'a3,control,1,1', 'a4,control,0,1', 'b1,b,1,1', 'b2,b,1,1', 'b3,b,1,0', 'b4,b,0,0'].join('\n');
    const { rows } = await run(text, { metric: 'y', covariate: 'x', difference: 'absolute' });
    // Pooled: ΣX = 5, ΣY = 5, ΣXY = 4 of N = 8: var 5/8 · 3/8 = 0.234375, cov 4/8 − 25/64 = 0.109375, θ = 7/15.
    const theta = 0.109375 / 0.234375;
    expect(rows[1].theta).toBeCloseTo(theta, 12);
    // (0.75 − θ · 0.5) − (0.5 − θ · 0.75) = 0.25 + 0.25 θ.
    expect(rows[1].absolute_effect).toBeCloseTo(0.25 + 0.25 * theta, 12);
    // Each arm's own moments: control var Y 0.25, var X 0.1875, cov 0.125; variant 0.1875, 0.25, 0.125.
    const adjusted = (varY: number, varX: number, cov: number) => varY + theta ** 2 * varX - 2 * theta * cov;
    expect(rows[1].se).toBeCloseTo(Math.sqrt(adjusted(0.1875, 0.25, 0.125) / 4 + adjusted(0.25, 0.1875, 0.125) / 4), 12);
  });
});

describe('tables for reading', () => {
  it('print the chance to win as a percentage with one decimal, a p-value with four', async () => {
    const { renderTable } = await import('../../src/format/table.js');
    const sums = 'variant,users,sum\ncontrol,100,49\nb,100,51\n';
    // GrowthBook's Bayesian binomial case: chance to win 0.60918.
    const bayes = renderTable((await run(sums, { summary: true, stats: 'bayesian' })).doc, { color: false });
    expect(bayes).toContain('60.9%');
    const frequentist = renderTable((await run(sums, { summary: true })).doc, { color: false });
    expect(frequentist).toMatch(/│\s+0\.7\d{3} │/);
  });
});

describe('--group-by', () => {
  it('a segment without control users is said, not dropped in silence', async () => {
    const text = ['user,variant,metric,country', 'a,control,1,JP', 'b,control,0,JP', 'c,b,1,JP', 'd,b,0,JP', 'e,b,1,US', 'f,b,1,US'].join('\n');
    const { rows, notes } = await run(text, { metric: 'metric', groupBy: ['country'] });
    expect(rows.map((r) => [r.country, r.variant])).toEqual([['JP', 'control'], ['JP', 'b'], ['all', 'control'], ['all', 'b']]);
    expect(notes).toContain('no control users in US: its variant is not compared');
  });
});

describe('--summary and --where', () => {
  it('--where has nothing to act on in a file of sums', async () => {
    expect((await failure(run('variant,users,sum\ncontrol,10,5\nb,10,6\n', { summary: true, where: ['variant=b'] }))).message).toContain('--where has nothing to act on here');
  });
});
