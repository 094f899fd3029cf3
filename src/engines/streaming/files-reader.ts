import type { InputSummary } from '../../format/document.js';
import { parseOptions } from '../../metrics/options.js';
import { metricNamed } from '../../metrics/registry.js';
import type { PartRead } from './part-reader.js';
import { readIntoRuns, readSettingsOf, startRun } from './run.js';
import { isPlain } from './split-safety.js';

// A run of whole input files read one after another into a fresh state of the
// metric, as one thread reads them: by a worker thread, for files-in-parts.ts.
// Anything that is not plain figures (a problem, a platform's own row, a note
// whose first places an earlier thread must hold) is answered "read them all
// on one thread", so that every message stays exactly the one-thread one.

export interface FilesJob {
  metric: string;
  options: unknown;
}

export type FilesRead = PartRead & { inputs?: InputSummary[] };

export async function readFiles(job: FilesJob, files: string[]): Promise<FilesRead> {
  const spec = metricNamed(job.metric)!;
  const options = parseOptions(spec.options, job.options);
  const run = startRun(job.metric, spec.create(options), readSettingsOf(options));
  await readIntoRuns([run], files, readSettingsOf(options), { stdin: process.stdin });
  const { plan, state } = run.job;
  if (!isPlain(run, false) || plan.gathered === undefined) return { clean: false };
  const records = run.inputs.reduce((sum, input) => sum + input.rows, 0);
  return { clean: true, records, counted: run.context.counted, state, gathered: plan.gathered(), notes: run.context.notes.counts(), inputs: run.inputs };
}
