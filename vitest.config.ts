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
    // The demo plant's throwaway passwords and PINs at scrypt N = 1024 instead of the production 2^15/2^17,
    // in this process and the servers and kiosks it starts (see seedDemoPlant): a third of the run was scrypt.
    // The production costs keep their own tests (credentials.test.ts, demo-plant-seed.test.ts).
    env: { LINESIDE_DEMO_SCRYPT_COST: '1024' },
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
