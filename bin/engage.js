#!/usr/bin/env node
// The process around the CLI: signals, a closed stdout and the exit code.
import { removePendingTemporaries, run } from '../dist/engage.mjs';

process.on('SIGINT', () => {
  removePendingTemporaries();
  process.exit(130);
});
// `engage … | head`: the reader left; that is the user's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
});
process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
