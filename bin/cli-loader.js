// Loads the CLI's bundle (dist/engage.cjs) with V8's code cache when one was
// written for this Node (scripts/code-cache.mjs, at build): compiling the
// 2 MB bundle is a tenth of a short run, and Node 20 caches no code for ES
// modules or on its own. A cache V8 rejects (another Node, other flags) is
// only not used. The bundle has no import() (scripts/bundle.mjs turns the
// optional packages' into require()), which a compiled script could not call.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/engage.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;

/** The bundle's exports, and the compiled script (to write a new cache from). */
export function loadCli(cachedData = readCache()) {
  const require = createRequire(BUNDLE);
  const script = new vm.Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, BUNDLE, dirname(BUNDLE));
  return { exports: module.exports, script };
}

function readCache() {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
}
