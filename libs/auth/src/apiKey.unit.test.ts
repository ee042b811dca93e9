import { describe, expect, it } from 'vitest';
import { AuthenticationError } from './authError.js';
import { apiKeyId, generateApiKey, hashApiKey, isApiKey } from './apiKey.js';
import { extractCredential } from './credentials.js';

describe('API keys', () => {
  it('given generated keys, then each is well formed, unique, and its hash is the SHA-256 of the key', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^rk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(isApiKey(a.key)).toBe(true);
    expect(apiKeyId(a.key)).toBe(a.keyId);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.key.slice(16));
  });

  it('given deterministic random bytes, then the key is deterministic', () => {
    const bytes = (n: number) => Buffer.alloc(n, 7);
    expect(generateApiKey(bytes).key).toBe(generateApiKey(bytes).key);
  });

  it('given a malformed key, then apiKeyId throws AuthenticationError', () => {
    expect(() => apiKeyId('rk_nothex_x')).toThrow(AuthenticationError);
  });
});

describe('extractCredential', () => {
  const key = generateApiKey().key;
  it('given a bearer API key, an X-API-Key or a bearer JWT, then the kind is recognised', () => {
    expect(extractCredential({ authorization: `Bearer ${key}` })).toEqual({ kind: 'api_key', key });
    expect(extractCredential({ 'x-api-key': key })).toEqual({ kind: 'api_key', key });
    expect(extractCredential({ authorization: 'Bearer eyJhbGciOi.x.y' })).toEqual({ kind: 'jwt', token: 'eyJhbGciOi.x.y' });
    expect(extractCredential({})).toBeUndefined();
  });

  it('given another scheme, a malformed X-API-Key or two different credentials, then AuthenticationError', () => {
    expect(() => extractCredential({ authorization: 'Basic dXNlcjpwdw==' })).toThrow(AuthenticationError);
    expect(() => extractCredential({ 'x-api-key': 'secret' })).toThrow(AuthenticationError);
    expect(() => extractCredential({ authorization: `Bearer ${key}`, 'x-api-key': generateApiKey().key })).toThrow(AuthenticationError);
  });
});
