import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built binary; two cores, so keep workers modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Debian's Chromium for the browser tests, installed with apt when missing.
    globalSetup: ['test/setup/chromium.ts'],
  },
});
