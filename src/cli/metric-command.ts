import { Command } from 'commander';
import type { MetricJob } from '../metrics/job.js';
import type { PeriodUnit, WeekStart } from '../time/periods.js';
import { addEventOptions, addInputOptions, addOutputOptions, addPeriodOptions, commonOptions, inputFiles, type CommonOptions, type Terminal } from './options.js';
import { runJob } from './run.js';

// The shape every metric command shares: its own options first, then the
// shared ones, help that leads with examples, and the one generic action.

export interface MetricCommandSpec {
  name: string;
  summary: string;
  description: string;
  examples: string;
  details: string;
  /** Customer-event commands also take --event and --where. */
  events: boolean;
  /** Adds the command's own options. */
  options(command: Command): unknown;
  job(raw: Record<string, unknown>, common: CommonOptions): MetricJob;
}

export function metricCommand(spec: MetricCommandSpec, terminal: Terminal): Command {
  const command = new Command(spec.name)
    .summary(spec.summary)
    .description(spec.description)
    .argument('[files...]', 'CSV, JSON or NDJSON files, optionally .gz; "-" or none reads stdin');
  spec.options(command);
  if (spec.events) addEventOptions(command);
  addPeriodOptions(command);
  addInputOptions(command);
  addOutputOptions(command);
  command.usage('[options] [files...]');
  command.addHelpText('before', spec.examples);
  command.addHelpText('after', spec.details);
  command.action(async (files: string[], raw: Record<string, unknown>) => {
    const common = commonOptions(raw, Boolean(terminal.stdout.isTTY));
    const job = spec.job(raw, common);
    await runJob(spec.name, job, inputFiles(files, terminal, `engage ${spec.name} [options] [files...]`), common, terminal);
  });
  return command;
}

/** The options every metric takes, as the library wants them, from commander's flags. */
export function commonMetricOptions(raw: Record<string, unknown>, common: CommonOptions) {
  return {
    // commander has checked the choices; the job's zod schema checks them again.
    period: raw.period as PeriodUnit | undefined,
    tz: raw.tz as string,
    weekStart: raw.weekStart as WeekStart,
    dateFormat: raw.dateFormat as string | undefined,
    since: raw.since as string | undefined,
    until: raw.until as string | undefined,
    groupBy: raw.groupBy as string[],
    compare: raw.compare as 'previous' | 'yoy' | undefined,
    map: common.map,
    skipInvalid: common.skipInvalid,
  };
}

/** Plus --event and --where for the customer-event commands. */
export function eventMetricOptions(raw: Record<string, unknown>, common: CommonOptions) {
  return { ...commonMetricOptions(raw, common), events: raw.event as string[], where: raw.where as string[] };
}
