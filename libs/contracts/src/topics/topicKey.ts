import { createHash } from 'node:crypto';
import { ContractError } from '../schemas/contractError.js';

/**
 * Kafka message keys are plain UTF-8 strings `<tenant_id>/<id>` (docs/raw-records.md): one tenant's records
 * of one entity hash to one partition, so their order holds, and two tenants never share a key. The
 * tenant part must not contain "/" (the id may: we split at the first one).
 */
export function formatKey(tenantId: string, id: string): string {
  if (tenantId.length === 0 || tenantId.includes('/')) throw new ContractError(`tenant id must be non-empty and contain no "/": ${JSON.stringify(tenantId)}`);
  if (id.length === 0) throw new ContractError('record id must be non-empty');
  return `${tenantId}/${id}`;
}

export function parseKey(key: string | Buffer): { tenantId: string; id: string } {
  const text = typeof key === 'string' ? key : key.toString('utf8');
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) throw new ContractError(`not a "<tenant>/<id>" key: ${JSON.stringify(text)}`);
  return { tenantId: text.slice(0, slash), id: text.slice(slash + 1) };
}

/** RFC 4122 namespace for Rivulet event ids (a fixed random UUID; changing it changes every id). */
const EVENT_ID_NAMESPACE = '6f1c1e52-3b0a-4d5e-9a43-2f7d0c8b9e11';

/**
 * Deterministic event id: UUIDv5 (RFC 4122 §4.3, SHA-1) of tenant, source system, record key and version.
 * Re-ingesting the same version of a record yields the same id, which is what makes projections and
 * downstream dedup idempotent. `version` is whatever identifies the record's revision (updated_at, a
 * sequence, or a content hash for sources without one).
 */
export function deterministicEventId(parts: { tenantId: string; sourceSystem: string; key: string; version: string | number }): string {
  const name = [parts.tenantId, parts.sourceSystem, parts.key, String(parts.version)].map((p) => `${p.length}:${p}`).join('|');
  const namespace = Buffer.from(EVENT_ID_NAMESPACE.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
