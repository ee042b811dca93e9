import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One runner for every workspace: each package's `test` script runs vitest with this file.
// The `source` export condition makes workspace packages resolve to their TypeScript sources,
// so tests never depend on a prior build.
// `source` plus Node's own conditions; neither `import` nor `module`: passed on to Node for external packages,
// they would make require() load ESM builds (pg-pool) or bundler-only builds (@opentelemetry/api).
const conditions = ['source', 'node', 'development|production'];
const resultsDir = join(import.meta.dirname, '.local', 'test-results');

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // A JSON report per package lets scripts/test.sh print one "N passed, N failed" line for the run.
    reporters: ['default', 'json'],
    // Named after the package (apps/quality and libs/quality share a folder name), so no report overwrites another.
    outputFile: { json: join(resultsDir, `${(process.env.npm_package_name ?? basename(process.cwd())).replace(/[^\w.-]+/g, '_')}.json`) },
  },
});
