import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', 'data/**'],
    environment: 'node',
    globalSetup: ['./tests/server/support/postgresGlobalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration and end-to-end tests start real processes; two cores, so keep files few at a time.
    maxWorkers: 2,
    reporters: ['default', './tests/support/closingLineReporter.ts'],
  },
});
