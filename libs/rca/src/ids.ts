import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID (version 5, SHA-1) in a fixed Rivulet namespace: the same name always gives the same id. */
const RCA_NAMESPACE = Buffer.from('6f1c7a52-58a3-4e0b-9c1e-2b7d1f0a9e41'.replaceAll('-', ''), 'hex');

export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(RCA_NAMESPACE).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** analysis_id: deterministic from tenant, window and kind, so a replayed window yields the same finding id. */
export function analysisIdFor(tenantId: string, window: { start: number; end: number }, kind: string): string {
  return uuidV5(`rca-analysis|${tenantId}|${window.start}|${window.end}|${kind}`);
}
