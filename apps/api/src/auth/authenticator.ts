import { AuthenticationError, extractCredential, hashApiKey, isRole, type JwtVerifier, type Principal } from '@rivulet/auth';
import type { TenantRunner } from '../readModel/tenantScope.js';

export type Authenticator = (headers: { authorization?: string | undefined; 'x-api-key'?: string | string[] | undefined }) => Promise<Principal>;

/**
 * Establishes the caller. API keys are looked up by hash under row-level security: the lookup transaction
 * sets `rivulet.api_key_hash`, which the api_keys policy lets see exactly the one row with that hash.
 */
export function createAuthenticator(deps: { runScoped: TenantRunner; jwt?: JwtVerifier }): Authenticator {
  return async (headers) => {
    const credential = extractCredential(headers);
    if (!credential) throw new AuthenticationError('credentials required: Authorization: Bearer <API key or JWT>, or X-API-Key');
    if (credential.kind === 'jwt') {
      if (!deps.jwt) throw new AuthenticationError('JWT authentication is not configured; use an API key');
      return deps.jwt(credential.token);
    }
    const hash = hashApiKey(credential.key);
    const row = await deps.runScoped({ apiKeyHash: hash }, (tx) =>
      tx('api_keys').where({ key_hash: hash }).whereNull('revoked_at').first('id', 'tenant_id', 'role'),
    );
    if (!row || !isRole(row.role)) throw new AuthenticationError('unknown or revoked API key');
    return { subject: `key:${row.id}`, tenant: row.tenant_id, role: row.role, via: 'api_key' };
  };
}
