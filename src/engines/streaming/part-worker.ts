import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartJob } from './part-reader.js';
import { stateData, transferables } from './state-transfer.js';

// A worker thread: one part of a file (see part-reader.ts); its state leaves as data.
// It says when its modules are loaded, and is then told its byte range.

parentPort!.once('message', ({ start, end }: { start: number; end: number }) => {
  readPart({ ...(workerData as PartJob), start, end, first: false }).then(
    (read) => {
      if (!read.clean) return parentPort!.postMessage(read);
      // The state's arrays and the customers' ids move to the main thread without a copy.
      const message = { ...read, state: stateData(read.state) };
      parentPort!.postMessage(message, transferables([message.state, message.gathered]));
    },
    () => parentPort!.postMessage({ clean: false }),
  );
});
parentPort!.postMessage({ ready: true });
