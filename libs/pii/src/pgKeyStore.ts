import type { Knex } from 'knex';
import type { StoredKey, SubjectKeyStore } from './keyStore.js';

/** Subject keys in PostgreSQL (`pii_subject_keys`, migration 0002 in db/). */
export function createPgKeyStore(db: Knex): SubjectKeyStore {
  const toKey = (row: { wrapped_key: Buffer | null; key_id: string | null } | undefined): StoredKey | null =>
    row?.wrapped_key && row.key_id ? { wrapped: row.wrapped_key, keyId: row.key_id } : null;

  return {
    async get(tenantId, subjectId) {
      return toKey(await db('pii_subject_keys').where({ tenant_id: tenantId, subject_id: subjectId }).first('wrapped_key', 'key_id'));
    },
    async getOrCreate(tenantId, subjectId, create) {
      const existing = await db('pii_subject_keys').where({ tenant_id: tenantId, subject_id: subjectId }).first('wrapped_key', 'key_id');
      if (existing) return toKey(existing);
      const fresh = await create();
      // Two edges may create the same subject's key at once: the first insert wins and both use its key.
      await db('pii_subject_keys')
        .insert({ tenant_id: tenantId, subject_id: subjectId, wrapped_key: fresh.wrapped, key_id: fresh.keyId })
        .onConflict(['tenant_id', 'subject_id'])
        .ignore();
      return toKey(await db('pii_subject_keys').where({ tenant_id: tenantId, subject_id: subjectId }).first('wrapped_key', 'key_id'));
    },
    async destroy(tenantId, subjectId) {
      const updated = await db('pii_subject_keys')
        .where({ tenant_id: tenantId, subject_id: subjectId })
        .whereNotNull('wrapped_key')
        .update({ wrapped_key: null, key_id: null, destroyed_at: db.fn.now() });
      if (updated === 0) {
        // Record the erasure even for a subject never seen, so a later record cannot create a key for it.
        await db('pii_subject_keys')
          .insert({ tenant_id: tenantId, subject_id: subjectId, wrapped_key: null, key_id: null, destroyed_at: db.fn.now() })
          .onConflict(['tenant_id', 'subject_id'])
          .ignore();
      }
      return updated > 0;
    },
  };
}
