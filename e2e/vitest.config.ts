import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../vitest.config.js';

// The root config looks for tests under src/, test/ and tests/; whole-pipeline tests sit directly in e2e/.
export default mergeConfig(root, defineConfig({ test: { include: ['*.test.ts'] } }));
