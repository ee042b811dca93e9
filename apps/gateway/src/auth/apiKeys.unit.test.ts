import { describe, expect, it } from 'vitest';
import { authenticate, hasRole, parseApiKeys, presentedKey } from './apiKeys.js';

describe('API keys', () => {
  const keys = parseApiKeys(' key-aaaa-1:tenantA:operator , key-bbbb-2:tenantB:viewer ');

  it('given configured keys, when a key is presented, then gives its tenant and role', () => {
    expect(authenticate(keys, 'key-bbbb-2')).toEqual({ tenantId: 'tenantB', role: 'viewer', label: 'key-…' });
    expect(authenticate(keys, 'key-bbbb-')).toBeUndefined();
    expect(authenticate(keys, undefined)).toBeUndefined();
  });

  it('given malformed entries, when parsed, then names the entry but never the key', () => {
    expect(() => parseApiKeys('secret-key-1:t')).toThrow(/^entry 1 is not key:tenant:role$/);
    expect(() => parseApiKeys('short:t:viewer')).toThrow(/at least 8/);
    expect(() => parseApiKeys('secret-key-1:a/b:viewer')).toThrow(/"\/"/);
    expect(() => parseApiKeys('secret-key-1:t:root')).toThrow(/role must be/);
  });

  it('orders roles and reads Bearer or X-API-Key', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ 'x-api-key': 'xyz' })).toBe('xyz');
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
  });
});
