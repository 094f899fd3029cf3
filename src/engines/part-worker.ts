import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartJob } from './part-reader.js';
import { stateData } from './state-transfer.js';

// A worker thread: one part of a file (see part-reader.ts); its state leaves as data.
// It says when its modules are loaded, and is then told its byte range.

parentPort!.once('message', ({ start, end }: { start: number; end: number }) => {
  readPart({ ...(workerData as PartJob), start, end, first: false }).then(
    (read) => parentPort!.postMessage(read.clean ? { ...read, state: stateData(read.state) } : read),
    () => parentPort!.postMessage({ clean: false }),
  );
});
parentPort!.postMessage({ ready: true });
