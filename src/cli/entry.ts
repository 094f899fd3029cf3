// What bin/engage.js needs, as one module: the build bundles it with its
// dependencies into dist/engage.mjs, because loading some 150 separate
// modules cost each run about 0.15 s before any work began.
export { run } from './run.js';
export { removePendingTemporaries } from '../io/write.js';
