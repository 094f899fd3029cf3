// A worker thread that reads a part of a large file (src/engines/streaming/part-worker.ts):
// its bundle loaded with the code cache the build wrote, as the CLI's is.
import { loadBundle, WORKER_BUNDLE } from './cli-loader.js';

loadBundle(WORKER_BUNDLE);
