// Loads the CLI's bundle (dist/engage.cjs), and a part worker's
// (dist/engage-worker.cjs, see part-worker.js), with V8's code cache when
// one was written for this Node (scripts/code-cache.mjs, at build): compiling
// the 2 MB bundle is a tenth of a short run, and Node 20 caches no code for
// ES modules or on its own. A cache V8 rejects (another Node, other flags) is
// only not used. The bundles have no import() (scripts/bundle.mjs turns the
// optional packages' into require()), which a compiled script could not
// call, and are plain ASCII, read as such (no UTF-8 to decode).
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/engage.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;
export const WORKER_BUNDLE = fileURLToPath(new URL('../dist/engage-worker.cjs', import.meta.url));
export const WORKER_CODE_CACHE = `${WORKER_BUNDLE}.cache`;

/** The CLI bundle's exports, and the compiled script (to write a new cache from). */
export function loadCli(cachedData = readCache(CODE_CACHE)) {
  return loadBundle(BUNDLE, cachedData);
}

/** A bundle's exports, and its compiled script. */
export function loadBundle(bundle, cachedData = readCache(`${bundle}.cache`)) {
  const require = createRequire(bundle);
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'latin1')), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  return { exports: module.exports, script };
}

function readCache(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
