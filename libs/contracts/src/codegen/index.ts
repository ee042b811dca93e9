export { renderTypes } from './renderTypes.js';

/** Where the committed, generated types live (read by the drift test, written by scripts/gen-types.ts). */
export const GENERATED_TYPES_FILE = new URL('../generated/events.ts', import.meta.url);
