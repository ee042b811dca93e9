import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../../vitest.config.js';
import { faultSettleMs } from './settle.js';

// The fault suite (npm run test:faults): its own stack, minutes per test, one file at a time. The test waits
// up to its settle time twice (records processed, read models still), so its timeout grows with it: a long
// run (FAULT_RECORDS=100000 needs more than an hour on 2 cores) ends with the suite's own report of what is
// missing instead of vitest's bare timeout.
export default mergeConfig(root, defineConfig({
  test: { include: ['faults/*.fault.test.ts'], testTimeout: Math.max(3_600_000, 2 * faultSettleMs(process.env) + 1_800_000), hookTimeout: 900_000, fileParallelism: false, reporters: ['default'] },
}));
