import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../../vitest.config.js';

// The test waits up to FAULT_SETTLE_MS twice (records processed, read models still): its timeout grows with
// it, so a long run (FAULT_RECORDS=100000 needs more than an hour on 2 cores) ends with the suite's own
// report of what is missing instead of vitest's bare timeout.
// Same default as the test's SETTLE_MS.
const settleMs = Number(process.env.FAULT_SETTLE_MS ?? Math.max(600_000, Number(process.env.FAULT_RECORDS ?? 3_000) * 40));

// The fault suite (npm run test:faults): its own stack, minutes per test, one file at a time.
export default mergeConfig(root, defineConfig({
  test: { include: ['faults/*.fault.test.ts'], testTimeout: Math.max(3_600_000, 2 * settleMs + 1_800_000), hookTimeout: 900_000, fileParallelism: false, reporters: ['default'] },
}));
