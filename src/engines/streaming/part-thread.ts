import type { Worker } from 'node:worker_threads';
import type { PlanGathered } from '../../schema/plans/row-plan.js';
import type { InputSummary } from '../../format/document.js';
import type { FilesJob } from './files-reader.js';
import type { PartJob } from './part-reader.js';
import { startWorker, takeWarmThread } from './warm-threads.js';

/** What a worker sends back: a part's state as data (and, for a run of files, each file's summary). */
export type PartResult = { clean: false } | { clean: true; records: number; counted: number; state: unknown; gathered: PlanGathered; notes: [string, number][]; inputs?: InputSummary[] };

/** Set by the bundler (scripts/bundle.mjs) in the CLI's bundle: the worker's bundle beside it. */
declare const ENGAGE_WORKER_BUNDLE: string | undefined;

/** The worker script: its bundle, else compiled next to this file, also when the tests run the TypeScript sources. */
const WORKER = new URL(
  typeof ENGAGE_WORKER_BUNDLE === 'string' ? ENGAGE_WORKER_BUNDLE : import.meta.url.endsWith('.ts') ? '../../../dist/engines/streaming/part-worker.js' : './part-worker.js',
  import.meta.url,
);

/**
 * A worker thread that loads the metric's modules at once (or was started
 * before the CLI loaded, see warm-threads.ts) and reads its range when it is
 * told which: the ranges are cut only once every worker is ready (see
 * LeadingRange).
 */
export class PartThread {
  /** True once the worker has loaded; false when it ended before. */
  readonly ready: Promise<boolean>;
  readonly result: Promise<PartResult>;
  private readonly worker: Worker;

  constructor(private readonly job: Omit<PartJob, 'start' | 'end' | 'first'> | FilesJob) {
    const started = takeWarmThread() ?? startWorker(WORKER);
    this.worker = started.worker;
    this.ready = started.ready;
    let result!: (result: PartResult) => void;
    this.result = new Promise((resolve) => (result = resolve));
    // The first message said the worker was ready; the next is its result.
    void this.ready.then((ready) => {
      if (!ready) return result({ clean: false });
      this.worker.once('message', (message: PartResult) => result(message));
    });
    const ended = (): void => result({ clean: false });
    this.worker.once('error', ended);
    this.worker.once('exit', ended);
  }

  read(start: number, end: number): void {
    this.worker.postMessage({ job: this.job, start, end });
  }

  /** Whole files, read one after another (files-reader.ts). */
  readFiles(files: string[]): void {
    this.worker.postMessage({ job: this.job, files });
  }

  stop(): void {
    void this.worker.terminate();
  }
}
