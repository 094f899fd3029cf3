import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartJob } from './part-reader.js';
import { stateData } from './state-transfer.js';

// A worker thread: one part of a file (see part-reader.ts); its state leaves as data.
// It says when its modules are loaded, and is then told its byte range.

parentPort!.once('message', ({ start, end }: { start: number; end: number }) => {
  readPart({ ...(workerData as PartJob), start, end, first: false }).then(
    (read) => {
      // The customers' ids move to the main thread without a copy.
      const ids = read.clean ? read.gathered.events?.customers : undefined;
      const transfer = ids ? [ids.bytes.buffer as ArrayBuffer, ids.ends.buffer as ArrayBuffer] : [];
      parentPort!.postMessage(read.clean ? { ...read, state: stateData(read.state) } : read, transfer);
    },
    () => parentPort!.postMessage({ clean: false }),
  );
});
parentPort!.postMessage({ ready: true });
