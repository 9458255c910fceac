import { defineConfig } from 'vitest/config';

// End-to-end tests in real Chromium and Firefox ESR against the built dist/ folders.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time: the machine has 2 cores, and both browsers share the fixture ports.
    fileParallelism: false,
  },
});
