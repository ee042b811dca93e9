export { waitFor, type WaitForOptions } from './waitFor.js';
export { stackEnv, uniqueName, type StackEnv } from './stackEnv.js';
