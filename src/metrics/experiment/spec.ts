import { UsageError } from '../../errors.js';
import { UserPlan, type ArmInput } from '../../schema/plans/users.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { Arms } from './arms.js';
import { ExperimentOptions, metricColumns } from './options.js';
import { experimentTable } from './table.js';

export const experiment = defineMetric({
  name: 'experiment',
  summary: 'an A/B test: each variant against the control, with its interval, p-value or chance to win',
  description: "An A/B test: each variant's effect against the control, whether it is real (Welch's t, sequential or Bayesian), CUPED, and the sample-ratio check.",
  rows: 'users',
  options: ExperimentOptions,
  create: (options) => {
    assertOptionsAct(options);
    const metric = options.metric === undefined ? undefined : { ...metricColumns(options.metric), whole: options.metric, flag: `--metric ${options.metric}` };
    const plan = new UserPlan({ groupBy: options.groupBy, variant: options.variant, metric, covariate: options.covariate, summary: options.summary });
    const state = new Grouped<ArmInput, Arms>(() => new Arms(), options.groupBy.length, false);
    return job(plan, state, (grouped: typeof state) => experimentTable(grouped, plan, options), { ...options });
  },
  examples: `Examples:
  engage experiment fixtures/experiment.csv --metric converted          did the new onboarding raise conversion?
  engage experiment fixtures/experiment.csv --metric revenue --covariate pre_revenue --difference absolute
  engage experiment fixtures/experiment.csv --metric revenue/orders --stats bayesian
  engage experiment fixtures/experiment.csv --metric converted --group-by country --sequential
  engage experiment --summary fixtures/experiment-sums.csv             from per-variant sums a warehouse computed
`,
  details: `
One row per user: --variant (a column named variant, group, arm …) and --metric (0/1 values:
a proportion; other numbers: a mean; A/B: a ratio of the two columns' totals). The variant
named control (or --control) comes first; each other variant is compared with it:
  relative_effect   (mean − control's) / |control's|   (--difference absolute: mean − control's)
  ci_low, ci_high   the 95% interval (--alpha 0.05); p_value and df from Welch's t test
                    (--sided two|greater|less); --sequential: always valid, however often you look
  --stats bayesian  chance_to_win = P(effect > 0); risk_control, risk_variant = expected loss of
                    each decision; --prior MEAN,VARIANCE on the relative effect (default flat)
  --covariate COL   CUPED: a pre-period value per user narrows the interval (theta pooled)
  srm_p_value       χ² test of the users per variant against --weights (default equal); a
                    warning below 0.001
--summary: the file holds one row per variant: variant, users, sum[, sum_squares]
[, covariate_sum, covariate_sum_squares, sum_products].
`,
});

/** An option with nothing to act on is an error. */
function assertOptionsAct(options: ExperimentOptions): void {
  const idle: [boolean, string][] = [
    [options.summary && options.metric !== undefined, '--metric: --summary files hold the sums of one metric already'],
    [options.summary && options.covariate !== undefined, '--covariate: --summary files carry the covariate as covariate_sum, covariate_sum_squares and sum_products'],
    [options.stats === 'bayesian' && options.sided !== 'two', '--sided: the Bayesian result is a chance to win, not a test of one side'],
    [options.stats === 'bayesian' && options.sequential, '--sequential: it makes frequentist intervals valid under peeking; the Bayesian result needs no correction'],
    [options.sequential && options.sided !== 'two', '--sided: sequential intervals are two-sided in this version'],
    [options.tuning !== undefined && !options.sequential, '--tuning: it tunes --sequential'],
    [options.prior !== undefined && options.stats !== 'bayesian', '--prior: it is the Bayesian prior (add --stats bayesian)'],
  ];
  const found = idle.filter(([given]) => given).map(([, why]) => why);
  if (found.length > 0) throw new UsageError(`${found.map((why) => why.split(':')[0]).join(', ')} ${found.length === 1 ? 'has' : 'have'} nothing to act on here`, found);
  if (!options.summary && options.metric === undefined) throw new UsageError('engage experiment needs --metric COLUMN (the value measured per user), or --summary for a file of per-variant sums', ['e.g. --metric converted']);
}

export { ExperimentOptions };
