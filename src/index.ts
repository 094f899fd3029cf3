// The programmatic API: the metric cores and the readers, without the CLI.
export { EngagementRate, type RatePost, type RateSummary } from './metrics/engagement-rate.js';
export { RateJob } from './metrics/rate/job.js';
export { RateOptions } from './metrics/rate-options.js';
export type { ResultTable, Cell, ResultColumn, Accumulator } from './metrics/types.js';
export { PostRow, BASIS_COLUMNS, INTERACTION_COLUMNS } from './schema/post.js';
export { parseCount, MISSING, INVALID } from './schema/values.js';
export { parseTimestamp } from './schema/timestamps.js';
export { Periods, PeriodUnit, WeekStart } from './time/periods.js';
export { TimeZone } from './time/zone.js';
export { readInput } from './io/read.js';
export * from './errors.js';
