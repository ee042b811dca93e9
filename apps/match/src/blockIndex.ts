import { blockingKeys, defaultBlockingConfig, type BlockingConfig, type PreparedRecord } from '@rivulet/matching';

export interface BlockIndexEntry {
  blockKey: string;
  sortKey: string;
}

/** HMAC of a value scoped to a tenant (PiiCipher.keyedHash). */
export type KeyedHash = (tenantId: string, value: string) => string;

/**
 * What the blocking index stores for a record. Blocking keys contain names, e-mail and phone digits, so
 * only their keyed hashes are stored: equal keys still meet, nothing is readable without the secret.
 * The sort key (used to sub-block oversized blocks) cannot keep its alphabetical order once hashed, so it
 * is hash(family|given) then hash(dob): records with the same name still sit side by side, which is what
 * the sorted-neighbourhood window is for; only the order *between* different names becomes arbitrary.
 */
export function blockIndexEntries(p: PreparedRecord, hash: KeyedHash, config: BlockingConfig = defaultBlockingConfig): BlockIndexEntry[] {
  const sortKey = probeSortKey(p, hash);
  return [...new Set(blockingKeys(p, config))].map((key) => ({ blockKey: hash(p.tenant, key), sortKey }));
}

export function probeSortKey(p: PreparedRecord, hash: KeyedHash): string {
  return `${hash(p.tenant, `name:${p.family}|${p.givenFormal}`).slice(0, 16)}${hash(p.tenant, `dob:${p.dob}`).slice(0, 16)}|${p.record.party_key}`;
}
