import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../../vitest.config.js';

// The fault suite (npm run test:faults): its own stack, minutes per test, one file at a time.
export default mergeConfig(root, defineConfig({
  test: { include: ['faults/*.fault.test.ts'], testTimeout: 3_600_000, hookTimeout: 900_000, fileParallelism: false, reporters: ['default'] },
}));
