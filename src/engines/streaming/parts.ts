import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { OutputDocument } from '../../format/document.js';
import { readCounts } from '../../io/read.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import type { Accumulator } from '../../metrics/types.js';
import type { Progress } from '../../ui/progress.js';
import { finishRun, readSettingsOf, runSink, startRun, type JobRun } from './run.js';
import { LeadingRange } from './leading-range.js';
import { partResult, readPart, readPartInto, type PartJob, type PartResult } from './part-reader.js';
import { PartThread } from './part-thread.js';
import { reviveState } from './state-transfer.js';
import { GzipUnreadable, inflatedRange } from './gzip-range.js';
import { CONTINUE_LEAST_BYTES, CONTINUE_START_MS, MAIN_WEIGHT_GOING_ON, TAIL_LEAST_BYTES, TAIL_START_MS } from './range-bounds.js';
import { GZIP_PARTS_MIN_BYTES, PARTS_MIN_BYTES, gzipContentBytes, gzipSplitFormat, splitFormat } from './split-format.js';
import { headIn, readsUtf8, splittable } from './split-safety.js';

// A large CSV or NDJSON file read by several threads at once (DuckDB's way:
// byte ranges that start and end at line ends, one state per thread, merged
// at the end; the main thread reads the first range, see LeadingRange). Only
// what is safe to split is split: one plain UTF-8 file whose header is one
// line; for events, states that can renumber customers (each part numbers
// its own; the whole numbers them again in file order). Whenever a part is
// not plain figures (a note, a problem, a record open at a range's end), the
// whole file is read again on one thread, so that every message stays exact.

/** The threads a run may use: --threads, else the machine's cores. */
export function threadsOf(threads: number | undefined): number {
  return threads ?? availableParallelism();
}

/**
 * The document of one metric over one large file, read in parts; undefined
 * when the file is not one to split or a part was not plain figures (the
 * caller then reads it on one thread).
 */
export async function computeInParts(spec: MetricSpec, input: unknown, files: string[], minBytes?: number, progress?: Progress, said?: OneThreadSaid): Promise<OutputDocument | undefined> {
  const options = parseOptions(spec.options, input);
  const settings = readSettingsOf(options);
  const threads = threadsOf(settings.threads);
  if (threads < 2 || files.length !== 1) return undefined;
  const [path] = files;
  const inGzip = gzipSplitFormat(path);
  const gzip = inGzip !== undefined;
  const format = splitFormat(path) ?? inGzip;
  if (format === undefined) return oneThread(said, path === '-' ? 'standard input is never split' : 'only a CSV or NDJSON file, gzipped or not, is split');
  if (!readsUtf8(settings)) return oneThread(said, notUtf8(settings.encoding));
  const stored = (await stat(path).catch(() => undefined))?.size;
  // A gzip file's size here is its text's, as the threads' shares are of its text.
  const size = stored !== undefined && gzip ? gzipContentBytes(path, stored) : stored;
  // A file that cannot be read says so when one thread reads it.
  if (size === undefined) return undefined;
  const least = minBytes ?? (gzip ? GZIP_PARTS_MIN_BYTES : PARTS_MIN_BYTES);
  // A run that splits small files (the tests) takes small tails too.
  const tailLeast = Math.min(least, TAIL_LEAST_BYTES);
  if (size < least) return oneThread(said, gzip ? `only a gzip file of ${megabytes(least)} of text or more is split` : `only a file of ${megabytes(least)} or more is split`);
  const found = await headIn(path, format, gzip);
  if (found === undefined) return oneThread(said, 'its first lines show no header to split it by');
  if (settings.header !== undefined && (format !== 'csv' || found.headerLine !== 1)) return oneThread(said, '--header is split only in a CSV file');
  // --header: the columns are given and the first line is a record.
  const head = settings.header === undefined ? found : { ...found, header: [...settings.header], headerLine: 0, dataStart: found.textStart, sample: found.sampleFromStart };

  // The header is checked here, as one thread would: a missing column stops before any part is read.
  const run = startRun(spec.name, spec.create(options), settings);
  const absorb = splittable(run, [{ header: head.header, path }], true);
  if (absorb === undefined) return oneThread(said, NOT_IN_PARTS);
  try {
    runSink([run]).begin({ file: path, format, header: head.header, headerLine: head.headerLine, given: settings.header !== undefined, sample: head.sample }, { line: () => head.headerLine });
  } catch (error) {
    // NDJSON's columns here are those of the file's start: one thread, which reads them all, judges a missing one.
    if (format === 'ndjson') return oneThread(said, 'a column missing from its first lines is judged by one thread');
    throw error;
  }
  readCounts.set(path, (readCounts.get(path) ?? 0) + 1);
  progress?.startFile(path, size);

  // Rows read in any order: a worker done with its range goes on into a tail of the main thread's (not gzip: its shares are fixed).
  const continues = !gzip && run.job.rowsInAnyOrder === true;
  const job: Omit<PartJob, 'start' | 'end' | 'first'> = { path, file: path, format, gzip, delimiter: head.delimiter, header: head.header, sample: head.sample, metric: spec.name, options: input, continues };
  const workers = Array.from({ length: threads - 1 }, () => new PartThread(job));
  try {
    const { main, others, scale, mainPace } = gzip ? gzipShared(job, head.dataStart, size, workers) : plainShared(path, head.dataStart, size, workers, tailLeast, continues);
    // Left unawaited when the first part ends the attempt; the workers are stopped below.
    others.catch(() => undefined);
    // The first part's notes keep their places: its lines are counted from the header's (NDJSON has none).
    const first = await readPartInto(run, { ...job, first: true, linesBefore: format === 'csv' ? head.headerLine : 0 }, progress === undefined ? main : reported(main, progress, scale));
    if (!first.clean) return oneThread(said, READ_AGAIN);
    const taken = mainPace === undefined ? undefined : await workerTail(job, workers, mainPace(), tailLeast);
    const fresh = (): Accumulator<unknown> => spec.create(options).state;
    const parts = [...(await others), ...(taken === undefined ? [] : [taken])].sort((a, b) => a.start - b.start).map((part) => part.result);
    return mergeParts(run, fresh, absorb, { file: path, format, records: first.records }, parts) ?? oneThread(said, READ_AGAIN);
  } catch (error) {
    // A gzip file that does not inflate is read again on one thread, which says what is wrong with it.
    if (error instanceof GzipUnreadable) return undefined;
    throw error;
  } finally {
    for (const worker of workers) worker.stop();
    progress?.done();
  }
}

/** Told why a file a run could have split was read on one thread: the caller notes it when --threads asked for more. */
export type OneThreadSaid = (why: string) => void;

/** Why the figures of a metric whose state does not merge (repeat, Shopify's line items, a companion file) are read on one thread. */
export const NOT_IN_PARTS = "this metric's figures over these columns cannot be read in parts and merged";
/** Why a file read in parts was read again: a part's message would not be exact. */
export const READ_AGAIN = 'a part met what only one thread words exactly (a note, a problem, a column first seen late), and one thread read it all again';

/** Says why (when asked), and gives undefined: the caller reads on one thread. */
export function oneThread(said: OneThreadSaid | undefined, why: string): undefined {
  said?.(why);
  return undefined;
}

/** Why a file read with another --encoding is read on one thread. */
export function notUtf8(encoding: string | undefined): string {
  return `only UTF-8 is split, and --encoding is ${encoding}`;
}

/** A size in whole megabytes (2²⁰ bytes), as a limit is said. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

/** How a file is shared: the main thread's chunks, the other threads' results, and the whole over the main thread's share (for the progress line). */
interface Shared {
  main: AsyncIterable<Buffer>;
  others: Promise<Placed[]>;
  scale: number;
  /** Bytes a millisecond the main thread read its share at, since it was shared; undefined: no tail of a worker's is taken (gzip). */
  mainPace?: () => number;
}

/** A part's result and where its range starts: parts merge in file order. */
interface Placed {
  start: number;
  result: PartResult;
}

/** A plain file: the main thread reads ahead from the first record while the workers load, then what is left is shared evenly (LeadingRange). */
function plainShared(path: string, dataStart: number, size: number, workers: PartThread[], tailLeast: number, continues: boolean): Shared {
  const leading = new LeadingRange(path, dataStart, size, workers.length + 1);
  return { main: leading.chunks(), others: shareWhenReady(leading, workers, size, tailLeast, continues), scale: workers.length + 1, mainPace: () => leading.pace() };
}

/**
 * A gzip file: every thread inflates the text from its start (gzip-range.ts),
 * so the shares are fixed at once, the main thread's the larger, as a worker
 * inflates all the text before its share and the main thread only its own.
 */
function gzipShared(job: Omit<PartJob, 'start' | 'end' | 'first'>, dataStart: number, size: number, workers: PartThread[]): Shared {
  const bounds = gzipShares(dataStart, size, workers.length + 1);
  workers.forEach((worker, i) => void worker.ready.then((ready) => ready && worker.read(bounds[i + 1], bounds[i + 2])));
  return {
    main: inflatedRange(job.path, dataStart, bounds[1], true),
    others: Promise.all(workers.map((worker, i) => worker.result.then((result) => ({ start: bounds[i + 1], result })))),
    scale: (size - dataStart) / Math.max(1, bounds[1] - dataStart),
  };
}

/**
 * The main thread's chunks, counted on the progress line as that share of
 * the whole (`scale`: the whole over the main thread's share): the threads
 * read at about one pace, and only the main thread can draw the line.
 */
async function* reported(chunks: AsyncIterable<Buffer>, progress: Progress, scale: number): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    progress.bytes(chunk.length * scale);
    yield chunk;
  }
}

/**
 * Where the threads' shares of a gzip file's text start, nominally (each
 * moves on to a line's start), the last ending at the text's end. A thread
 * inflates all the text before its share's end: in one run of 10M events,
 * inflating was about a quarter of the time reading the lines took on one
 * thread, so the main thread's share is the larger by what a worker spends
 * inflating the main thread's share.
 */
export function gzipShares(start: number, size: number, threads: number): number[] {
  const text = Math.max(0, size - start);
  const mainShare = Math.min(1, (1 + INFLATE_TO_READ) / (threads + INFLATE_TO_READ));
  const bounds = [start, start + Math.floor(text * mainShare)];
  for (let i = 1; i < threads - 1; i++) bounds.push(bounds[1] + Math.floor(((text - (bounds[1] - start)) * i) / (threads - 1)));
  bounds.push(Number.POSITIVE_INFINITY);
  return bounds;
}

/** Inflating a byte of text, against reading it (10M events, 431 MB: inflating 1.4 s, reading about 5.2 s on one thread). */
const INFLATE_TO_READ = 0.25;

/**
 * The other threads' results, once they are all loaded and what the main
 * thread has not read yet is shared between it and them. A worker that
 * could not start leaves the whole file to the main thread. `continues`:
 * the workers go on into the main thread's tail (PartJob.continues).
 */
async function shareWhenReady(leading: LeadingRange, workers: PartThread[], size: number, tailLeast: number, continues: boolean): Promise<Placed[]> {
  const started = await Promise.all(workers.map((worker) => worker.ready));
  if (!started.every(Boolean)) {
    leading.settle(size);
    return [];
  }
  const ends = leading.shareRest(workers.length + 1, continues ? MAIN_WEIGHT_GOING_ON : 1);
  const reading = workers.slice(0, ends.length - 1);
  reading.forEach((worker, i) => {
    // Done with its range, the worker has read `claimed` bytes since the rest was shared: its pace against the main thread's.
    if (continues) worker.continueWith = (claimed) => leading.giveTail(Math.min(tailLeast, CONTINUE_LEAST_BYTES), claimed, CONTINUE_START_MS);
    worker.read(ends[i], ends[i + 1]);
  });
  // A worker that goes on has its tail in its result.
  const tail = continues ? undefined : mainTail(leading, reading, ends, tailLeast);
  const results = await Promise.all(reading.map((worker, i) => worker.result.then((result) => ({ start: ends[i], result }))));
  const taken = await tail;
  return taken === undefined ? results : [...results, taken];
}

// Even shares do not end together: the main thread also answers the workers
// and turns the event loop, and a thread can lose its core for a while. A
// funnel's main thread read on 60–160 ms after its worker was done, and in
// other runs the worker after the main thread. Whichever is done first takes
// the tail of what the other has left, as a part of its own, when that is
// worth a part's merge (TAIL_LEAST_BYTES): as much of it as their paces so
// far say it reads by the time the other is done, less what a fresh part
// costs the taker to start (TAIL_START_MS), and none when the other alone
// would be done first (cutTail, keptShare). The parts merge in file order, by
// where they start.

/** The first worker done reads the tail of what the main thread has left. */
async function mainTail(leading: LeadingRange, workers: PartThread[], ends: number[], least: number): Promise<Placed | undefined> {
  if (workers.length === 0) return undefined;
  const { worker, result, i } = await Promise.race(workers.map((worker, i) => worker.result.then((result) => ({ worker, result, i }))));
  if (!result.clean) return undefined;
  const tail = leading.giveTail(least, ends[i + 1] - ends[i], TAIL_START_MS);
  return tail === undefined ? undefined : { start: tail[0], result: await worker.readMore(tail[0], tail[1]) };
}

/**
 * Once the main thread has read its range: the tail of what a worker still
 * reading has left, read on the main thread into a fresh state, as a worker
 * reads a part; undefined when every worker is done (or has little left).
 */
async function workerTail(job: Omit<PartJob, 'start' | 'end' | 'first'>, workers: PartThread[], pace: number, least: number): Promise<Placed | undefined> {
  const done = Symbol('done');
  for (const worker of workers) {
    // A worker whose first result is in is reading a tail of the main thread's, or nothing: not asked.
    if ((await Promise.race([worker.result, Promise.resolve(done)])) !== done) continue;
    // A worker that ends meanwhile answers no tail.
    const tail = await worker.askTail(least, pace);
    if (tail === undefined) continue;
    return { start: tail[0], result: partResult(await readPart({ ...job, start: tail[0], end: tail[1], first: false })) };
  }
  return undefined;
}

/** The other parts' states merged, in file order, into the run of the whole file. */
function mergeParts(
  run: JobRun,
  fresh: () => Accumulator<unknown>,
  absorb: NonNullable<JobRun['job']['plan']['absorb']>,
  first: { file: string; format: 'csv' | 'ndjson'; records: number },
  others: PartResult[],
): OutputDocument | undefined {
  const records = mergeStates(run, fresh, absorb, others);
  if (records === undefined) return undefined;
  run.inputs.push({ file: first.file, format: first.format, encoding: 'utf-8', rows: first.records + records });
  return finishRun(run);
}

/**
 * Other threads' states merged, in file order, into the run, with their
 * counts, notes and (for runs of whole files) their files' summaries; the
 * records they read, or undefined when one was not plain figures.
 */
export function mergeStates(run: JobRun, fresh: () => Accumulator<unknown>, absorb: NonNullable<JobRun['job']['plan']['absorb']>, others: PartResult[]): number | undefined {
  let records = 0;
  for (const result of others) {
    if (!result.clean || !run.context.notes.addCounts(result.notes)) return undefined;
    const state = reviveState(fresh(), result.state);
    const mapping = absorb(result.gathered);
    const mergeRenumbered = mapping ? run.job.state.mergeRenumbered : undefined;
    if (mapping && mergeRenumbered) mergeRenumbered.call(run.job.state, state as typeof run.job.state, mapping);
    else {
      if (mapping) state.remapCustomers!(mapping);
      run.job.state.merge(state as typeof run.job.state);
    }
    records += result.records;
    run.context.counted += result.counted;
    run.inputs.push(...(result.inputs ?? []));
  }
  return records;
}
