import { AuthenticationError } from './authError.js';
import { isApiKey } from './apiKey.js';

export type Credential = { kind: 'api_key'; key: string } | { kind: 'jwt'; token: string };

/**
 * Reads the caller's credential from request headers: `X-API-Key: rk_...`, or `Authorization: Bearer <x>`
 * where `<x>` is an API key when it has the `rk_` shape and a JWT otherwise. Undefined when there is none;
 * AuthenticationError when a header is present but unusable (another scheme, two different credentials).
 */
export function extractCredential(headers: { authorization?: string | undefined; 'x-api-key'?: string | string[] | undefined }): Credential | undefined {
  const apiKeyHeader = Array.isArray(headers['x-api-key']) ? headers['x-api-key'][0] : headers['x-api-key'];
  let bearer: string | undefined;
  if (headers.authorization !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization);
    if (!m) throw new AuthenticationError('Authorization header must be "Bearer <API key or JWT>"');
    bearer = m[1];
  }
  if (apiKeyHeader !== undefined && bearer !== undefined && apiKeyHeader !== bearer) {
    throw new AuthenticationError('both X-API-Key and Authorization given with different credentials');
  }
  const value = bearer ?? apiKeyHeader;
  if (value === undefined || value === '') return undefined;
  if (isApiKey(value)) return { kind: 'api_key', key: value };
  if (apiKeyHeader !== undefined && bearer === undefined) throw new AuthenticationError('malformed API key');
  return { kind: 'jwt', token: value };
}
