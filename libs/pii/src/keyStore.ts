/**
 * Where wrapped per-subject data keys live. A destroyed key is gone for good: `get` returns null from then
 * on, which is what erases the subject from every replay (crypto-shredding).
 */
export interface SubjectKeyStore {
  /** The subject's wrapped key, creating it with `create()` if the subject has none (and was never destroyed). */
  getOrCreate(tenantId: string, subjectId: string, create: () => Promise<{ wrapped: Buffer; keyId: string }>): Promise<StoredKey | null>;
  /**
   * `getOrCreate` for many subjects of one tenant at once (an ingest batch): every subject is in the result,
   * null for a destroyed one. A store should answer it in a constant number of round trips.
   */
  getOrCreateMany(tenantId: string, subjectIds: readonly string[], create: () => Promise<{ wrapped: Buffer; keyId: string }>): Promise<Map<string, StoredKey | null>>;
  /** The live key; null when it was destroyed or never existed (`state` tells which). */
  get(tenantId: string, subjectId: string): Promise<StoredKey | null>;
  /**
   * `destroyed`: forgotten (erased for good). `unknown`: this store never had the subject — the value was
   * encrypted against another key store (a misconfigured database), never "erased".
   */
  state(tenantId: string, subjectId: string): Promise<SubjectKeyState>;
  /**
   * `state` of many subjects of one tenant at once (a processor's chunk): every subject is in the result. A
   * store should answer it in a constant number of round trips.
   */
  stateMany(tenantId: string, subjectIds: readonly string[]): Promise<Map<string, SubjectKeyState>>;
  /** Destroys the key; true if there was one. */
  destroy(tenantId: string, subjectId: string): Promise<boolean>;
}

export type SubjectKeyState = { state: 'live'; key: StoredKey } | { state: 'destroyed' | 'unknown' };

export interface StoredKey {
  wrapped: Buffer;
  keyId: string;
}

/** For unit tests and single-process tools. */
export function createMemoryKeyStore(): SubjectKeyStore {
  const keys = new Map<string, StoredKey | null>();
  const id = (tenantId: string, subjectId: string) => `${tenantId}\u0000${subjectId}`;
  return {
    async getOrCreate(tenantId, subjectId, create) {
      const k = id(tenantId, subjectId);
      if (keys.has(k)) return keys.get(k) ?? null;
      const created = await create();
      keys.set(k, created);
      return created;
    },
    async getOrCreateMany(tenantId, subjectIds, create) {
      const out = new Map<string, StoredKey | null>();
      for (const subjectId of subjectIds) out.set(subjectId, await this.getOrCreate(tenantId, subjectId, create));
      return out;
    },
    async get(tenantId, subjectId) {
      return keys.get(id(tenantId, subjectId)) ?? null;
    },
    async state(tenantId, subjectId) {
      const k = id(tenantId, subjectId);
      if (!keys.has(k)) return { state: 'unknown' };
      const key = keys.get(k);
      return key ? { state: 'live', key } : { state: 'destroyed' };
    },
    async stateMany(tenantId, subjectIds) {
      return new Map(await Promise.all(subjectIds.map(async (s) => [s, await this.state(tenantId, s)] as const)));
    },
    async destroy(tenantId, subjectId) {
      const had = Boolean(keys.get(id(tenantId, subjectId)));
      keys.set(id(tenantId, subjectId), null);
      return had;
    },
  };
}
