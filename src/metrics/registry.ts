import { churn } from './churn/spec.js';
import { experiment } from './experiment/spec.js';
import { clv } from './customers/clv-spec.js';
import { customers } from './customers/customers-spec.js';
import { rfm } from './customers/rfm-spec.js';
import { funnel } from './funnel/spec.js';
import { growth } from './growth/spec.js';
import { lifecycle } from './lifecycle/spec.js';
import { mrr } from './mrr/spec.js';
import { paths } from './paths/spec.js';
import { drivers } from './drivers/spec.js';
import { rate } from './rate/spec.js';
import { repeat } from './repeat/spec.js';
import { retention } from './retention/spec.js';
import type { MetricSpec, RowKind } from './spec.js';
import { stickiness } from './stickiness/spec.js';
import { trend } from './trend/spec.js';
import { ces, csat, nps } from './survey/specs.js';

// The one list of metrics. Commands, --help, `engage report`, `report --init`,
// `engage columns` and the library API are all built from it: a new metric is
// its folder and one line here.
export const METRICS: readonly MetricSpec[] = [rate, repeat, churn, retention, stickiness, lifecycle, funnel, paths, trend, nps, csat, ces, customers, rfm, clv, experiment, mrr, growth, drivers];

export const METRIC_NAMES = METRICS.map((spec) => spec.name);

export function metricNamed(name: string): MetricSpec | undefined {
  return METRICS.find((spec) => spec.name === name);
}

/** The metrics that read a row kind, for `engage columns` and `report --init`. */
export function metricsReading(rows: RowKind): MetricSpec[] {
  return METRICS.filter((spec) => spec.rows === rows);
}
