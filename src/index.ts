// The programmatic API: the metric cores, the jobs that read files into them,
// and the readers, without the CLI.
export { EngagementRate, type RatePost, type RateSummary } from './metrics/engagement-rate.js';
export { RateJob } from './metrics/rate/job.js';
export { RateOptions } from './metrics/rate-options.js';
export { RepeatJob } from './metrics/events/repeat-job.js';
export { ChurnJob } from './metrics/events/churn-job.js';
export { SubscriptionChurnJob } from './metrics/events/subscription-churn-job.js';
export { RetentionJob } from './metrics/events/retention-job.js';
export { StickinessJob } from './metrics/events/stickiness-job.js';
export { LifecycleJob } from './metrics/events/lifecycle-job.js';
export { FunnelJob } from './metrics/events/funnel-job.js';
export { SurveyJob } from './metrics/survey/survey-job.js';
export { NPS, CSAT, CES } from './metrics/survey/metrics.js';
export { ScoreCounts, npsOf } from './metrics/survey/scores.js';
export { METRICS, type MetricName } from './metrics/registry.js';
export { computeDocument } from './pipeline/compute.js';
export type { ResultTable, Cell, ResultColumn, Accumulator } from './metrics/types.js';
export { PostRow, BASIS_COLUMNS, INTERACTION_COLUMNS } from './schema/post.js';
export { EventRow } from './schema/event.js';
export { ResponseRow } from './schema/response.js';
export { parseCount, MISSING, INVALID } from './schema/values.js';
export { parseTimestamp } from './schema/timestamps.js';
export { Periods, PeriodUnit, WeekStart } from './time/periods.js';
export { TimeZone } from './time/zone.js';
export { readInput } from './io/read.js';
export * from './errors.js';
