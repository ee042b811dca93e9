import { createHash } from 'node:crypto';

/** RFC 4122 namespace of events derived by the transform (fixed; changing it changes every derived id). */
const NAMESPACE = Buffer.from('3d0f6a8e7c2b4f1aa5e94b7d2c6e8f10', 'hex');

/**
 * Deterministic id of an event derived from another: UUIDv5 (RFC 4122 §4.3) of the input event id and
 * what was derived (event name and role, or KPI name). Re-processing the same input, even with a newer
 * mapping, yields the same id, so read models upsert instead of double counting.
 */
export function derivedEventId(inputEventId: string, ...what: string[]): string {
  const name = [inputEventId, ...what].map((p) => `${p.length}:${p}`).join('|');
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
