import { defineConfig } from 'vitest/config';

// Tests import workspace packages through the "@jobskill/source" export condition,
// so they run against src/*.ts with no build step (the trpc approach).
export const conditions = ['@jobskill/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@jobskill/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One JSON report per package; scripts/test-summary.mjs adds them up for CI.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-report.json' },
  },
});
