import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../vitest.config.js';

// Only the pure helpers of the benchmarks have tests (unit tests); benchmarks themselves are never tests.
export default mergeConfig(root, defineConfig({ test: { include: ['**/*.unit.test.ts'], exclude: ['**/node_modules/**'] } }));
