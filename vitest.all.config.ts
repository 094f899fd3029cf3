import { configDefaults, defineConfig } from 'vitest/config';
import { findChromium } from './test/setup/chromium.js';

// Every test, `npm run test:all` (and .ci/run): the fast tier, the real data
// sets, every engine's differential suite, threads over large files, and the
// browser tests in Debian's Chromium, installed with apt when missing (without
// it they are left out, with a line saying why).
const chromium = findChromium();

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: string;
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...('missing' in chromium ? ['test/browser/**'] : [])],
    provide: { chromium: 'path' in chromium ? chromium.path : '' },
    // CLI tests spawn the built binary; two cores, so keep workers modest.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
