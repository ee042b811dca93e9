import { apiKeyId, hashApiKey } from '@rivulet/auth';
import type { Knex } from 'knex';

/**
 * Stores the configured bootstrap admin key (its hash) for its tenant unless a key with that hash exists.
 * Runs as the table owner at start (before any tenant is known). Returns whether a row was inserted.
 * Revoking the bootstrap key via the API sticks: an existing (revoked) row is left alone.
 */
export async function bootstrapAdminKey(db: Knex, key: string, tenant: string): Promise<boolean> {
  const rows = await db('api_keys')
    .insert({ id: apiKeyId(key), tenant_id: tenant, name: 'bootstrap', key_hash: hashApiKey(key), role: 'admin' })
    .onConflict()
    .ignore()
    .returning('id');
  return rows.length > 0;
}
