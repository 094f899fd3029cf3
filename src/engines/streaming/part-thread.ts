import type { Worker } from 'node:worker_threads';
import type { FilesJob } from './files-reader.js';
import type { PartJob, PartResult } from './part-reader.js';
import { startWorker, takeWarmThread } from './warm-threads.js';

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
  /** The first job's result. */
  readonly result: Promise<PartResult>;
  private readonly worker: Worker;
  /** Who waits for the job's result, and for an answer about a tail. */
  private answer: ((result: PartResult) => void) | undefined;
  private tailAnswer: ((tail: [number, number] | undefined) => void) | undefined;
  /**
   * A part that may go on (PartJob.continues): the tail of the main
   * thread's range it goes on into, given what it has read; undefined: none.
   */
  continueWith: ((claimed: number) => [number, number] | undefined) | undefined;

  constructor(private readonly job: Omit<PartJob, 'start' | 'end' | 'first'> | FilesJob) {
    const started = takeWarmThread() ?? startWorker(WORKER);
    this.worker = started.worker;
    this.ready = started.ready;
    this.result = new Promise((resolve) => (this.answer = resolve));
    // The first message said the worker was ready; the next are results and answers.
    void this.ready.then((ready) => {
      if (!ready) return this.ended();
      this.worker.on('message', (message: PartResult | { tail: [number, number] | null } | { more: number }) => {
        if ('more' in message) {
          this.worker.postMessage({ continueWith: this.continueWith?.(message.more) ?? null });
          return;
        }
        if ('tail' in message) {
          this.tailAnswer?.(message.tail ?? undefined);
          this.tailAnswer = undefined;
          return;
        }
        this.answer?.(message);
        this.answer = undefined;
      });
    });
    this.worker.once('error', () => this.ended());
    this.worker.once('exit', () => this.ended());
  }

  read(start: number, end: number): void {
    this.worker.postMessage({ job: this.job, start, end });
  }

  /** Once `result` came: another range, read into a fresh state; its result. */
  readMore(start: number, end: number): Promise<PartResult> {
    const result = new Promise<PartResult>((resolve) => (this.answer = resolve));
    this.read(start, end);
    return result;
  }

  /**
   * The tail of what the worker has left of its range, when at least `least`
   * bytes, for a thread reading at `pace` bytes a millisecond (cutTail): it
   * reads up to where the tail starts.
   */
  askTail(least: number, pace: number): Promise<[number, number] | undefined> {
    const answer = new Promise<[number, number] | undefined>((resolve) => (this.tailAnswer = resolve));
    this.worker.postMessage({ tail: least, pace });
    return answer;
  }

  /** Whole files, read one after another (files-reader.ts). */
  readFiles(files: string[]): void {
    this.worker.postMessage({ job: this.job, files });
  }

  stop(): void {
    void this.worker.terminate();
  }

  /** The worker is gone: whoever waits is told. */
  private ended(): void {
    this.answer?.({ clean: false });
    this.answer = undefined;
    this.tailAnswer?.(undefined);
    this.tailAnswer = undefined;
  }
}
