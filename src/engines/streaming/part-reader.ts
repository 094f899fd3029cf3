import { readCsvPart } from '../../io/csv.js';
import { readNdjsonPart } from '../../io/json.js';
import { checkedUtf8 } from '../../io/open.js';
import type { InputSummary } from '../../format/document.js';
import type { Accumulator } from '../../metrics/types.js';
import { parseOptions } from '../../metrics/options.js';
import { metricNamed } from '../../metrics/registry.js';
import type { PlanGathered } from '../../schema/plans/row-plan.js';
import { claimedChunks, RangeClaims, type ChunkClaims } from '../../io/claimed-chunks.js';
import { inflatedRange } from './gzip-range.js';
import { readSettingsOf, runSink, startRun, type JobRun } from './run.js';
import { isPlain } from './split-safety.js';
import { stateData } from './state-transfer.js';

// One byte range of a file, read with the file's header into a fresh state of
// the metric: by a worker thread, or by the main thread for the first range.
// Anything that is not plain figures (a problem, a record left open at the
// range's end, text csv-parse would have to judge, a note whose first places
// the first part does not hold) is answered "read it on one thread", so that
// every message and line number stays exactly the single-thread one.

export interface PartJob {
  path: string;
  file: string;
  start: number;
  end: number;
  /** CSV with its delimiter, or NDJSON (delimiter unused). */
  format: 'csv' | 'ndjson';
  /** A gzip file: start and end are bytes of its text, nominal (see gzip-range.ts). */
  gzip?: boolean;
  delimiter: string;
  header: string[];
  /** The file's first records, which every part's columns are checked against as one thread checks them. */
  sample: unknown[][];
  /** The part that holds the file's first record (export quirks are looked for there). */
  first: boolean;
  /** A worker's range may go on into a tail of the main thread's, read into the same state (continued-range.ts). */
  continues?: boolean;
  /** The file's lines before the part's first byte, when known (the first part's: the header's); else its lines count from 1. */
  linesBefore?: number;
  metric: string;
  options: unknown;
}

export type PartRead = { clean: false } | { clean: true; records: number; counted: number; state: Accumulator<unknown>; gathered: PlanGathered; notes: [string, number][] };

/** `claims`: the range's, when another thread may take its tail (cutTail), or when it may go on (ContinuedClaims). */
export async function readPart(job: PartJob, claims: ChunkClaims = new RangeClaims(job.start, job.end)): Promise<PartRead> {
  const spec = metricNamed(job.metric)!;
  const options = parseOptions(spec.options, job.options);
  const run = startRun(job.metric, spec.create(options), readSettingsOf(options));
  const bytes = job.gzip ? inflatedRange(job.path, job.start, job.end, false) : claimedChunks(job.path, claims);
  const read = await readPartInto(run, job, bytes);
  const { plan, state } = run.job;
  if (!read.clean || plan.gathered === undefined) return { clean: false };
  return { clean: true, records: read.records, counted: run.context.counted, state, gathered: plan.gathered(), notes: run.context.notes.counts() };
}

/** What a worker sends back: a part's state as data (and, for a run of files, each file's summary). */
export type PartResult = { clean: false } | { clean: true; records: number; counted: number; state: unknown; gathered: PlanGathered; notes: [string, number][]; inputs?: InputSummary[] };

/** A part's read as it leaves for the thread that merges it: its state as data (state-transfer.ts). */
export function partResult(read: PartRead): PartResult {
  return read.clean ? { ...read, state: stateData(read.state) } : read;
}

/** A part's bytes read into a run (of the whole file for the first part, on the main thread: no renumbering). */
export async function readPartInto(run: JobRun, job: Omit<PartJob, 'start' | 'end'>, bytes: AsyncIterable<Buffer>): Promise<{ clean: false } | { clean: true; records: number }> {
  const options = run.job.options;
  const chunks = checkedUtf8(bytes, job.file);
  const sink = runSink([run]);
  const read =
    job.format === 'ndjson'
      ? await readNdjsonPart(chunks, job.file, job.header, !job.first, sink, job.sample)
      : await readCsvPart(chunks, job.file, job.delimiter, job.header, !job.first, sink, { skipInvalid: readSettingsOf(options).skipInvalid }, job.sample, job.linesBefore);
  // Notes are counts, said with their first places: a later part's add to the first part's counts
  // when the first part has all the places a note shows (mergeStates); else the file is read on one thread.
  if (!read.clean || !isPlain(run, job.first)) return { clean: false };
  return { clean: true, records: read.records };
}
