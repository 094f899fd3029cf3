import { stat } from 'node:fs/promises';
import type { OutputDocument } from '../../format/document.js';
import { readCounts } from '../../io/read.js';
import { parseOptions } from '../../metrics/options.js';
import type { MetricSpec } from '../../metrics/spec.js';
import type { Accumulator } from '../../metrics/types.js';
import type { Progress } from '../../ui/progress.js';
import type { FilesJob } from './files-reader.js';
import { megabytes, mergeStates, NOT_IN_PARTS, notUtf8, oneThread, READ_AGAIN, threadsOf, type OneThreadSaid } from './parts.js';
import { PARTS_MIN_BYTES, splitFormat } from './split-format.js';
import { PartThread } from './part-thread.js';
import { finishRun, readIntoRuns, readSettingsOf, startRun } from './run.js';
import { headIn, isPlain, readsUtf8, splittable } from './split-safety.js';

// Several input files (a year of monthly exports) read by several threads at
// once: the files are cut into runs of whole files of about equal bytes, in
// the order given; the main thread reads the first run, a worker each other,
// each as one thread reads files (readIntoRuns), into a state of its own. The
// states merge in file order and customers are numbered again in file order,
// as parts of one file are (parts.ts). The same safety (split-safety.ts):
// CSV or NDJSON files, states that renumber customers, no line items filled
// down, no companion files; and when a run is not plain figures (a problem,
// a note an earlier run does not hold every first place of, a platform's own
// row), every file is read again on one thread, so that each message is the
// one-thread one.

/** The document of one metric over several files read at once; undefined when they are not files to read so. */
export async function computeFilesInParts(spec: MetricSpec, input: unknown, files: string[], minBytes = PARTS_MIN_BYTES, progress?: Progress, said?: OneThreadSaid): Promise<OutputDocument | undefined> {
  const options = parseOptions(spec.options, input);
  const settings = readSettingsOf(options);
  const threads = threadsOf(settings.threads);
  const formats = files.map(splitFormat);
  if (threads < 2 || files.length < 2) return undefined;
  if (formats.includes(undefined)) return oneThread(said, 'several files are shared between threads only when each is a plain CSV or NDJSON file');
  if (!readsUtf8(settings)) return oneThread(said, notUtf8(settings.encoding));
  const sizes = await Promise.all(files.map((file) => stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined)));
  // A file that cannot be read says so when one thread reads it.
  if (sizes.some((size) => size === undefined)) return undefined;
  const total = sizes.reduce((sum: number, size) => sum + size!, 0);
  if (total < minBytes) return oneThread(said, `several files are shared between threads only from ${megabytes(minBytes)} together`);

  const run = startRun(spec.name, spec.create(options), settings);
  // Each file's columns: --header's when given, else its own first line's (or first objects').
  const headers = [];
  for (const [i, path] of files.entries()) {
    const head = settings.header === undefined ? await headIn(path, formats[i]!) : { header: settings.header };
    if (head === undefined) return oneThread(said, `the first lines of ${path} show no header`);
    headers.push({ header: head.header, path });
  }
  const absorb = splittable(run, headers, false);
  if (absorb === undefined) return oneThread(said, NOT_IN_PARTS);
  const runs = runsOfFiles(files, sizes as number[], threads);
  if (runs.length < 2) return oneThread(said, 'the files do not make two runs of about equal bytes');

  const job: FilesJob = { metric: spec.name, options: input };
  const workers = runs.slice(1).map(() => new PartThread(job));
  try {
    // Each worker is given its files once it has loaded; a worker that could not start leaves them all to one thread.
    const others = Promise.all(
      workers.map(async (worker, i) => {
        if (!(await worker.ready)) return { clean: false as const };
        worker.readFiles(runs[i + 1]);
        return worker.result;
      }),
    );
    others.catch(() => undefined);
    // The progress line follows the main thread's own files (the workers read theirs at about one pace).
    await readIntoRuns([run], runs[0], settings, { stdin: process.stdin, progress });
    if (!isPlain(run, true)) return oneThread(said, READ_AGAIN);
    const fresh = (): Accumulator<unknown> => spec.create(options).state;
    if (mergeStates(run, fresh, absorb, await others) === undefined) return oneThread(said, READ_AGAIN);
    for (const file of runs.slice(1).flat()) readCounts.set(file, (readCounts.get(file) ?? 0) + 1);
    return finishRun(run);
  } finally {
    for (const worker of workers) worker.stop();
  }
}

/** The files cut, in order, into at most `threads` runs of about equal bytes, none empty. */
export function runsOfFiles(files: readonly string[], sizes: readonly number[], threads: number): string[][] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const runs: string[][] = [];
  let current: string[] = [];
  let read = 0;
  files.forEach((file, i) => {
    // A file whose middle lies past the current run's share of the whole starts the next run.
    const share = (total * (runs.length + 1)) / threads;
    if (current.length > 0 && runs.length < threads - 1 && read + sizes[i] / 2 > share) {
      runs.push(current);
      current = [];
    }
    current.push(file);
    read += sizes[i];
  });
  if (current.length > 0) runs.push(current);
  return runs;
}
