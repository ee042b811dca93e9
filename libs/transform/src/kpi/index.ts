export { assertNever, type CanonicalEvent, type CanonicalEventName } from './canonicalEvent.js';
export { kpiFacts, type KpiFact } from './kpiFacts.js';
