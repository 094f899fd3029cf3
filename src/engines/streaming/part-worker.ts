import { parentPort } from 'node:worker_threads';
import { RangeClaims } from '../../io/claimed-chunks.js';
import { readFiles, type FilesJob } from './files-reader.js';
import { partResult, readPart, type PartJob } from './part-reader.js';
import { ContinuedClaims } from './continued-range.js';
import { cutTailAtPaces, paceOf, TAIL_START_MS } from './range-bounds.js';
import { transferables } from './state-transfer.js';

// A worker thread: one part of a file (see part-reader.ts), or a run of whole
// files (files-reader.ts); its state leaves as data. It says when its modules
// are loaded, and is then told its job: its byte range or its files. Threads
// done early even out the ends (parts.ts): a worker may be told another range
// once its result is sent, and may be asked for a tail of what it has left of
// a range ({ tail }, see cutTail), which it answers at its next turn of the
// event loop (every few chunks). A part whose rows may be read in any order
// (job.continues) goes on into a tail of the main thread's range instead:
// done with its range, the worker asks ({ more }) and is answered
// ({ continueWith }) with the tail or nothing (continued-range.ts).

type Job = { job: FilesJob; files: string[] } | { job: Omit<PartJob, 'start' | 'end' | 'first'>; start: number; end: number };

// Outside a worker thread (the build loads the bundle to write its code cache) there is nothing to answer.
const port = parentPort;
if (port !== null) {
  /** The range being read, while a part is. */
  let reading: { path: string; claims: RangeClaims; began: number } | undefined;
  /** Who waits for the main thread's answer about going on. */
  let continueWith: ((tail: [number, number] | undefined) => void) | undefined;
  const askMore = (claimed: number) =>
    new Promise<[number, number] | undefined>((resolve) => {
      continueWith = resolve;
      port.postMessage({ more: claimed });
    });
  port.on('message', (message: Job | { tail: number; pace: number } | { continueWith: [number, number] | null }) => {
    if ('continueWith' in message) {
      continueWith?.(message.continueWith ?? undefined);
      continueWith = undefined;
      return;
    }
    if ('tail' in message) {
      const tail = reading && cutTailAtPaces(reading.path, reading.claims, message.tail, paceOf(reading.claims.claimed, reading.began), message.pace, TAIL_START_MS);
      port.postMessage({ tail: tail ?? null });
      return;
    }
    let read;
    if ('files' in message) read = readFiles(message.job, message.files);
    else {
      const { path, continues, gzip } = message.job;
      const claims = new RangeClaims(message.start, message.end);
      // A gzip file's range is of its text, inflated from the start: not one to cut.
      reading = gzip ? undefined : { path, claims, began: performance.now() };
      read = readPart({ ...message.job, start: message.start, end: message.end, first: false }, continues ? new ContinuedClaims(path, claims, askMore) : claims);
    }
    read.then(
      (read) => {
        reading = undefined;
        const result = partResult(read);
        if (!result.clean) return port.postMessage(result);
        // The state's arrays and the customers' ids move to the main thread without a copy.
        port.postMessage(result, transferables([result.state, result.gathered]));
      },
      () => {
        reading = undefined;
        port.postMessage({ clean: false });
      },
    );
  });
  port.postMessage({ ready: true });
}
