import type { Knex } from 'knex';

export const API_ROLE = 'rivulet_api';

/**
 * Whether this connection may `SET ROLE rivulet_api` (the role exists and the login user is a member or a
 * superuser). Without it, row-level security does not restrict a table owner or a superuser, so the API
 * logs a warning and relies on its own tenant filters alone.
 */
export async function detectApiRole(db: Knex): Promise<boolean> {
  const result = await db.raw(
    `select case when exists (select 1 from pg_roles where rolname = ?) then pg_has_role(current_user, ?, 'MEMBER') else false end as ok`,
    [API_ROLE, API_ROLE],
  );
  return result.rows[0]?.ok === true;
}

/**
 * Scopes a transaction to one tenant: `SET LOCAL ROLE` drops to the RLS-restricted role and
 * `set_config(..., true)` sets the tenant for this transaction only, so a pooled connection never carries
 * one request's tenant into the next (both revert at commit or rollback).
 */
export async function scopeTransaction(tx: Knex.Transaction, options: { tenant?: string; apiKeyHash?: string; apiRole: boolean }): Promise<void> {
  // One round trip: set_config('role', ..., true) is SET LOCAL ROLE (same GUC, same membership check).
  const settings: [string, string][] = [];
  if (options.apiRole) settings.push(['role', API_ROLE]);
  if (options.tenant !== undefined) settings.push(['rivulet.tenant_id', options.tenant]);
  if (options.apiKeyHash !== undefined) settings.push(['rivulet.api_key_hash', options.apiKeyHash]);
  if (settings.length === 0) return;
  await tx.raw(`select ${settings.map(() => 'set_config(?, ?, true)').join(', ')}`, settings.flat());
}

export type TenantRunner = <T>(scope: { tenant?: string; apiKeyHash?: string }, run: (tx: Knex.Transaction) => Promise<T>) => Promise<T>;

/** Runs `run` in a transaction scoped by `scopeTransaction`; the API-role check happens once, lazily. */
export function createTenantRunner(db: Knex, detect: () => Promise<boolean> = () => detectApiRole(db)): TenantRunner & { apiRole: () => Promise<boolean> } {
  let apiRole: Promise<boolean> | undefined;
  const role = () => (apiRole ??= detect().catch((error: unknown) => {
    apiRole = undefined;
    throw error;
  }));
  const runner = (async (scope, run) => {
    const useRole = await role();
    return db.transaction(async (tx) => {
      await scopeTransaction(tx, { ...scope, apiRole: useRole });
      return run(tx);
    });
  }) as TenantRunner & { apiRole: () => Promise<boolean> };
  runner.apiRole = role;
  return runner;
}
