#!/usr/bin/env node
// The process around the CLI: signals, a closed stdout and the exit code.
import { startWarmThreads } from '../dist/engage-warm.mjs';
import { loadCli } from './cli-loader.js';

// Workers for a large file start loading now, beside the CLI's own modules (warm-threads.ts).
startWarmThreads(process.argv.slice(2), new URL('./part-worker.js', import.meta.url));
const { removePendingTemporaries, run } = loadCli().exports;

process.on('SIGINT', () => {
  removePendingTemporaries();
  process.exit(130);
});
// `engage … | head` (or `2>&1 | head`): the reader left; that is the user's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
}
process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
