import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartJob } from './part-reader.js';
import { stateData } from './state-transfer.js';

// A worker thread: one part of a file (see part-reader.ts); its state leaves as data.

readPart(workerData as PartJob).then(
  (read) => parentPort!.postMessage(read.clean ? { ...read, state: stateData(read.state) } : read),
  () => parentPort!.postMessage({ clean: false }),
);
