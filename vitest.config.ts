import { defineConfig } from 'vitest/config';

// One runner for every workspace: each package's `test` script runs vitest with this file.
// The `source` export condition makes workspace packages resolve to their TypeScript sources,
// so tests never depend on a prior build.
export default defineConfig({
  resolve: { conditions: ['source', 'import', 'module', 'node', 'default'] },
  ssr: { resolve: { conditions: ['source', 'import', 'module', 'node', 'default'], externalConditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests share one local broker; files run in parallel processes but keep names unique.
    pool: 'forks',
  },
});
