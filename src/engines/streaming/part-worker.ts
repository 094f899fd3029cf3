import { parentPort } from 'node:worker_threads';
import { readFiles, type FilesJob } from './files-reader.js';
import { readPart, type PartJob } from './part-reader.js';
import { stateData, transferables } from './state-transfer.js';

// A worker thread: one part of a file (see part-reader.ts), or a run of whole
// files (files-reader.ts); its state leaves as data. It says when its modules
// are loaded, and is then told its job: its byte range or its files.

// Outside a worker thread (the build loads the bundle to write its code cache) there is nothing to answer.
const port = parentPort;
if (port !== null) {
  port.once('message', (message: { job: FilesJob; files: string[] } | { job: Omit<PartJob, 'start' | 'end' | 'first'>; start: number; end: number }) => {
    const reading = 'files' in message ? readFiles(message.job, message.files) : readPart({ ...message.job, start: message.start, end: message.end, first: false });
    reading.then(
      (read) => {
        if (!read.clean) return port.postMessage(read);
        // The state's arrays and the customers' ids move to the main thread without a copy.
        const result = { ...read, state: stateData(read.state) };
        port.postMessage(result, transferables([result.state, result.gathered]));
      },
      () => port.postMessage({ clean: false }),
    );
  });
  port.postMessage({ ready: true });
}
