import { defineConfig } from 'vitest/config';

// Unit, component and data tests. No crx plugin here; browsers are driven by vitest.e2e.config.ts.
export default defineConfig({
  // Unit tests see the content script's test hooks (src/content/test-hooks.ts), as the end-to-end
  // test build does; test/unit/content/no-trace.test.ts checks the user build's behaviour without them.
  define: { __TARGET__: JSON.stringify('chrome'), __VIGIE_TEST_HOOKS__: 'true' },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    pool: 'threads',
  },
});
