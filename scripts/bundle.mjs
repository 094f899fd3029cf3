// The second half of `npm run build`: the CLI and the part worker as one
// file each. tsc's dist/ stays the library (package.json "main"); these
// bundles are what `engage` runs. A run that loads one file instead of some
// 150 modules starts in about 0.1 s instead of 0.25 s (measured on
// `engage rate fixtures/posts.csv`). exceljs and DuckDB are left out: they
// are loaded from node_modules only by a run that reads a workbook or uses
// --engine duckdb or clickhouse (native modules besides).
//
// The CLI's and the worker's bundles are CommonJS so that bin/cli-loader.js
// can compile them with V8's code cache (Node 20 has none for ES modules):
// this script then runs the CLI once on a fixture, and loads the worker's
// bundle, and writes each one's cache beside it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['exceljs', '@duckdb/node-api', 'pg', 'chdb'],
  logLevel: 'warning',
  legalComments: 'none',
  outdir: 'dist',
};

await build({
  ...common,
  format: 'esm',
  // engage-warm: the few lines bin/engage.js runs before loading the CLI (warm-threads.ts).
  entryPoints: { 'engage-warm': 'src/engines/streaming/warm-threads.ts' },
  outExtension: { '.js': '.mjs' },
});

// The CLI and the part worker, each compiled with its code cache (bin/cli-loader.js; the worker's loaded by bin/part-worker.js).
await build({
  ...common,
  format: 'cjs',
  // exceljs, DuckDB, pg and chdb are CommonJS: import() becomes require(), which a compiled script can call (its import() needs a flag on Node 20).
  supported: { 'dynamic-import': false },
  entryPoints: { engage: 'src/cli/entry.ts', 'engage-worker': 'src/engines/streaming/part-worker.ts' },
  outExtension: { '.js': '.cjs' },
  // The CLI bundle starts the worker's loader, not dist/engines/streaming/part-worker.js.
  define: { ENGAGE_WORKER_BUNDLE: '"../bin/part-worker.js"', 'import.meta.url': 'engageBundleUrl' },
  banner: { js: "var engageBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// esbuild escapes strings but leaves a few regular expressions (€, 年, ＃) and
// comments as they were: a bundle with one such character is read as UTF-8
// into a two-byte string, which took 30 ms of every run against 10 ms for one
// of plain ASCII. \uXXXX means the same character in a regular expression
// (a surrogate pair, the same code point under the u flag) and nothing in a
// comment; the code cache below compiles and runs the CLI's bundle after.
for (const bundle of ['dist/engage.cjs', 'dist/engage-worker.cjs']) {
  const text = readFileSync(bundle, 'utf8');
  writeFileSync(bundle, text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const cached = spawnSync(process.execPath, [fileURLToPath(new URL('./code-cache.mjs', import.meta.url))], { stdio: 'inherit' });
if (cached.status !== 0) process.exit(cached.status ?? 1);
