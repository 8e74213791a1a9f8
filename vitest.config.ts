import { defineConfig } from 'vitest/config';

// One run for every test: unit tests next to the code, cross-package tests under tests/.
// The 'source' condition makes workspace imports resolve to TypeScript sources, not dist/.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'tests/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two forks on the 2-core CI machine: most suites wait on child processes, ports and Chromium, and one
    // fork (the default, cores - 1) left the second core idle for a 20-minute run.
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
