// The programmatic API, built from the same registry as the CLI: every
// metric's spec (its options schema, its job), the pipeline that reads files
// into it, and the metric cores and readers, without the CLI.
export { METRICS, METRIC_NAMES, metricNamed, metricsReading } from './metrics/registry.js';
export type { MetricSpec, RowKind } from './metrics/spec.js';
export { computeDocument } from './orchestrator/compute-document.js';
export { run } from './cli/run.js';
export type { CliIo } from './cli/io.js';
export { EngagementRate, type RatePost, type RateSummary } from './metrics/rate/engagement-rate.js';
export { ScoreCounts, npsOf } from './metrics/survey/scores.js';
export type { ResultTable, Cell, ResultColumn, Accumulator } from './metrics/types.js';
export type { OutputDocument } from './format/document.js';
export { PostRow, BASIS_COLUMNS, INTERACTION_COLUMNS } from './schema/post.js';
export { EventRow } from './schema/event.js';
export { ResponseRow } from './schema/response.js';
export { parseCount, MISSING, INVALID } from './schema/values.js';
export { parseTimestamp } from './schema/timestamps.js';
export { Periods, PeriodUnit, WeekStart } from './time/periods.js';
export { TimeZone } from './time/zone.js';
export { readInput } from './io/read.js';
export * from './errors.js';
