import { UsageError } from '../../errors.js';
import { counted } from '../../notes/plural.js';
import { durationMs } from '../../time/duration.js';
import { eventPlan } from '../events/event-plan.js';
import { ExposureLog, exposedUsers } from './exposures.js';
import { UserPlan, type ArmInput } from '../../schema/plans/users.js';
import { Grouped } from '../grouped.js';
import { job } from '../job.js';
import { defineMetric } from '../spec.js';
import { Arms } from './arms.js';
import { ExperimentOptions, exposureMetric, metricColumns } from './options.js';
import { experimentSql } from './sql.js';
import { experimentFromSums } from './sql-table.js';
import { experimentTable } from './table.js';

export const experiment = defineMetric({
  name: 'experiment',
  summary: 'an A/B test: each variant against the control, with its interval, p-value or chance to win',
  description: "An A/B test: each variant's effect against the control, whether it is real (Welch's t, sequential or Bayesian), CUPED, and the sample-ratio check.",
  rows: 'users',
  rowsFor: (options) => (options.exposureEvent === undefined ? 'users' : 'events'),
  options: ExperimentOptions,
  sql: (options, context) => {
    assertOptionsAct(options);
    return experimentSql(options, context);
  },
  amountColumns: (options) => {
    if (options.exposureEvent !== undefined) return [exposureMetric(options.metric ?? '')?.column].filter((c): c is string => c !== undefined);
    const metric = metricColumns(options.metric ?? '');
    return [metric.numerator, metric.denominator, options.covariate].filter((c): c is string => c !== undefined);
  },
  tableFromSql: (skeleton, names, rows, options) => experimentFromSums(skeleton, names, rows, options),
  create: (options) => {
    assertOptionsAct(options);
    if (options.exposureEvent !== undefined) return eventLogJob(options);
    const metric = options.metric === undefined ? undefined : { ...metricColumns(options.metric), whole: options.metric, flag: `--metric ${options.metric}` };
    const plan = new UserPlan({ groupBy: options.groupBy, where: options.where, variant: options.variant, metric, covariate: options.covariate, summary: options.summary });
    const state = new Grouped<ArmInput, Arms>(() => new Arms(), options.groupBy.length, false);
    return job(plan, state, (grouped: typeof state) => experimentTable(grouped, plan, options), { ...options });
  },
  examples: `Examples:
  engage experiment fixtures/experiment.csv --metric converted          did the new onboarding raise conversion?
  engage experiment fixtures/experiment.csv --metric revenue --covariate pre_revenue --difference absolute
  engage experiment fixtures/experiment.csv --metric revenue/orders --stats bayesian
  engage experiment fixtures/experiment.csv --metric converted --group-by country --sequential
  engage experiment --summary fixtures/experiment-sums.csv             from per-variant sums a warehouse computed
  engage experiment fixtures/onboarding-events.csv --exposure-event exposure --metric conversion:signup --window 7d
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
--exposure-event EVENT reads an event log: a user's first exposure gives their variant and
starts their metric (conversion:EVENT 0/1, count:EVENT, sum:EVENT:COLUMN over the events at or
after it, within --window); users exposed to two variants are left out.
`,
});

/** An experiment from an event log: exposures and the metric's events, each user's figure made at the end. */
function eventLogJob(options: ExperimentOptions) {
  const metric = exposureMetric(options.metric ?? '');
  if (metric === undefined) {
    throw new UsageError(`--metric ${options.metric ?? ''}: with --exposure-event the metric is conversion:EVENT, count:EVENT or sum:EVENT:COLUMN`, ['e.g. --metric conversion:purchase']);
  }
  const exposure = options.exposureEvent!.trim().toLowerCase();
  const variant = options.variant ?? 'variant';
  // The variant is read as the first group column, on every row; the exposure's is the one that counts.
  const plan = eventPlan(
    { ...options, engine: 'streaming', period: undefined, compare: undefined, groupBy: [variant, ...options.groupBy], events: [] },
    {
      selected: [exposure, metric.event],
      chosenBy: '--exposure-event',
      chosenNames: [exposure, metric.event],
      measures: metric.column === undefined ? [] : [{ column: metric.column, flag: `--metric ${options.metric}`, blankNoted: new Set([metric.event]) }],
      groupFlags: [`--variant "${variant}"`],
    },
  );
  const windowMs = options.window === undefined ? undefined : durationMs(options.window);
  const table = (log: ExposureLog) => {
    const { grouped, mixed } = exposedUsers(log, metric, windowMs, options.groupBy.length);
    const result = experimentTable(grouped, { ratio: false, summaryKind: metric.kind === 'conversion' ? 'proportion' : 'mean', covariate: false }, options);
    const notes = [
      ...(mixed > 0 ? [`${counted(mixed, 'user')} exposed to more than one variant ${mixed === 1 ? 'was' : 'were'} left out`] : []),
      ...(log.blankVariants > 0 ? [`${counted(log.blankVariants, 'exposure row')} with a blank "${variant}" ignored`] : []),
    ];
    return { ...result, notes: [...notes, ...result.notes] };
  };
  return job(plan, new ExposureLog(exposure, metric.event), table, { ...options });
}

/** An option with nothing to act on is an error. */
function assertOptionsAct(options: ExperimentOptions): void {
  const log = options.exposureEvent !== undefined;
  const timeGiven = options.since !== undefined || options.until !== undefined || options.dateFormat !== undefined || options.year !== undefined || options.tz !== 'UTC';
  const idle: [boolean, string][] = [
    [!log && options.window !== undefined, '--window: it bounds the metric after an exposure (add --exposure-event)'],
    [!log && timeGiven, '--tz, --since, --until, --date-format, --year: rows of users have no time (add --exposure-event to read an event log)'],
    [log && options.summary, '--summary: a file of sums has no exposures'],
    [options.summary && options.where.length > 0, '--where: a file of sums has no users to choose (choose them where the sums are computed)'],
    [log && options.covariate !== undefined, '--covariate: an event log has no pre-period column in this version (give one row per user with it)'],
    [!log && options.covariate !== undefined && options.metric !== undefined && metricColumns(options.metric).denominator !== undefined, '--covariate: CUPED of a ratio metric is not in this version (a covariate adjusts a mean or a proportion)'],
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
