// chdb lists a library for each platform as an optional dependency; the npm
// registry this project's machines reach serves the linux x64 one only, so
// `npm install` cannot record the others and leaves chdb's lock entry naming
// them, which `npm ci` then refuses ("Missing … from lock file"). This keeps
// the lock to the libraries it records: run it after `npm install` changes
// package-lock.json (`node scripts/lock-chdb.mjs`).
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const entry = lock.packages['node_modules/chdb'];
if (entry?.optionalDependencies) {
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (lock.packages[`node_modules/${name}`] === undefined) delete entry.optionalDependencies[name];
  }
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
}
