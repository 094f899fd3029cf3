import { configDefaults, defineConfig } from 'vitest/config';

// The fast tier, `npm test`: unit tests, the CLI in-process, the golden cases,
// SQL rendered for each dialect and a smoke set run on each engine. It
// installs nothing and assumes nothing of the machine's speed; everything else
// (real data sets, every engine's whole differential suite, threads over large
// files, the browser) is `npm run test:all` (vitest.all.config.ts).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/golden/**/*.test.ts', 'test/sql/smoke.test.ts'],
    exclude: [...configDefaults.exclude, '**/*.slow.test.ts'],
    // Workers sharing their loaded modules: importing the CLI once per worker, not once per file.
    // Forks, not threads: chDB's native library does not survive a worker thread's teardown.
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
