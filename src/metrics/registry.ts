import type { z } from 'zod';
import { ChurnJob } from './events/churn-job.js';
import { ChurnOptions, RepeatOptions, RetentionOptions } from './events/event-options.js';
import { FunnelJob, FunnelOptions, type FunnelOptionsInput } from './events/funnel-job.js';
import { LifecycleJob } from './events/lifecycle-job.js';
import { RepeatJob } from './events/repeat-job.js';
import { RetentionJob } from './events/retention-job.js';
import { StickinessJob, StickinessOptions } from './events/stickiness-job.js';
import { SubscriptionChurnJob } from './events/subscription-churn-job.js';
import type { MetricJob } from './job.js';
import { RateJob } from './rate/job.js';
import { RateOptions } from './rate-options.js';
import { CES, CSAT, NPS } from './survey/metrics.js';
import { SurveyJob, SurveyOptions } from './survey/survey-job.js';

// The single list of metrics, for what drives them from data rather than
// from flags: `engage report` validates each entry's options against the
// schema here and builds the job from them.

export interface MetricEntry {
  /** The options a config may give, in the library's names (groupBy, not --group-by). */
  schema: z.ZodObject;
  create(options: Record<string, unknown>): MetricJob;
}

export const METRICS = {
  rate: { schema: RateOptions, create: (o) => new RateJob(o) },
  repeat: { schema: RepeatOptions, create: (o) => new RepeatJob(o) },
  churn: {
    schema: ChurnOptions,
    create: (o) => (o.model === 'subscription' ? new SubscriptionChurnJob(o) : new ChurnJob(o)),
  },
  retention: { schema: RetentionOptions, create: (o) => new RetentionJob(o) },
  stickiness: { schema: StickinessOptions.omit({ period: true }), create: (o) => new StickinessJob(o) },
  lifecycle: { schema: ChurnOptions.omit({ model: true, samePeriod: true }), create: (o) => new LifecycleJob(o) },
  // The schema above has validated the options; steps is required there.
  funnel: { schema: FunnelOptions, create: (o) => new FunnelJob(o as FunnelOptionsInput) },
  nps: { schema: SurveyOptions, create: (o) => new SurveyJob(NPS, o) },
  csat: { schema: SurveyOptions, create: (o) => new SurveyJob(CSAT, o) },
  ces: { schema: SurveyOptions, create: (o) => new SurveyJob(CES, o) },
} satisfies Record<string, MetricEntry>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];
