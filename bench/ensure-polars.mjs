// Polars is a reference of the bench, not a dependency of engage: a user of
// `npm run bench` gets it here, installed into node_modules without touching
// package.json or the lock file (nodejs-polars and its native build for this
// machine, which npm leaves out when optional packages are omitted).
import { execFileSync } from 'node:child_process';

const VERSION = '0.26.1';
const root = new URL('..', import.meta.url).pathname;

/** Whether nodejs-polars loads, asked of a new process: a module that failed to load once stays failed in this one. */
function loads() {
  try {
    execFileSync(process.execPath, ['-e', "require('nodejs-polars')"], { stdio: 'ignore', cwd: root });
    return true;
  } catch {
    return false;
  }
}

if (!loads()) {
  const native = `nodejs-polars-${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : ''}`;
  process.stderr.write(`installing nodejs-polars@${VERSION} (${native}) for the bench, without saving it…\n`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `nodejs-polars@${VERSION}`, `${native}@${VERSION}`], { stdio: 'inherit', cwd: root });
  if (!loads()) throw new Error('nodejs-polars did not load after installing it');
}
