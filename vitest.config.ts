import { defineConfig } from 'vitest/config';

// Unit, component and data tests. No crx plugin here; browsers are driven by vitest.e2e.config.ts.
export default defineConfig({
  define: { __TARGET__: JSON.stringify('chrome') },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    pool: 'threads',
  },
});
