// The second half of `npm run build`: the CLI and the part worker as one
// file each. tsc's dist/ stays the library (package.json "main"); these two
// bundles are what `engage` runs. A run that loads one file instead of some
// 150 modules starts in about 0.1 s instead of 0.25 s (measured on
// `engage rate fixtures/posts.csv`). exceljs and DuckDB are left out: they
// are loaded from node_modules only by a run that reads a workbook or uses
// --engine duckdb or clickhouse (native modules besides).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['exceljs', '@duckdb/node-api', 'pg', 'chdb'],
  // CommonJS dependencies (cli-table3) call require() for Node's own modules.
  banner: { js: "import { createRequire as engageRequire } from 'node:module'; const require = engageRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...common,
  // engage-warm: the few lines bin/engage.js runs before loading the CLI (warm-threads.ts).
  entryPoints: { engage: 'src/cli/entry.ts', 'engage-worker': 'src/engines/streaming/part-worker.ts', 'engage-warm': 'src/engines/streaming/warm-threads.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  // The CLI bundle starts the worker bundle beside it, not dist/engines/streaming/part-worker.js.
  define: { ENGAGE_WORKER_BUNDLE: '"./engage-worker.mjs"' },
});
