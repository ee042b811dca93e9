import { can, type Principal } from '@rivulet/auth';
import { createLocalKeyWrapper, createPgKeyStore, createPiiCipher, deriveHashSecret, revealPersonalValues } from '@rivulet/pii';
import type { Knex } from 'knex';

/** Rewrites one read-model answer's personal fields for one caller, inside the request's transaction. */
export type PersonalAnswers = (tx: Knex.Transaction, principal: Principal, result: unknown) => Promise<unknown>;

/**
 * Read models hold personal fields as `pii:v1:` ciphertext under the subject's data key. Before an answer
 * leaves, every such value becomes its clear text (callers with `personal:read`), `[withheld]` (others, or
 * no master key configured) or `[erased]` (the subject was forgotten). Keys are read in the request's
 * tenant-scoped transaction (row-level security on pii_subject_keys), with a cache that lives for this
 * answer only: a `forget` is visible to the very next request.
 */
export function createPersonalAnswers(masterKey: Buffer | undefined, keysSchema?: string): PersonalAnswers {
  const wrapper = masterKey ? createLocalKeyWrapper(masterKey) : undefined;
  const hashSecret = masterKey ? deriveHashSecret(masterKey) : undefined;
  return async (tx, principal, result) => {
    const r = result as { kind?: string; body?: unknown } | undefined;
    if (r?.kind === 'raw') return result;
    const keys = createPgKeyStore(tx, keysSchema ? { schema: keysSchema } : {});
    const options = {
      mayRead: can(principal.role, 'personal:read'),
      ...(wrapper && hashSecret ? { cipher: createPiiCipher({ keys, wrapper, hashSecret, cacheTtlMs: Number.POSITIVE_INFINITY }) } : {}),
      isErased: async (tenant: string, subject: string) => (await keys.state(tenant, subject)).state === 'destroyed',
    };
    if (r?.kind === 'json') return { ...r, body: await revealPersonalValues(r.body, principal.tenant, options) };
    return revealPersonalValues(result, principal.tenant, options);
  };
}
