import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from './authError.js';
import { createJwtVerifier } from './jwtVerifier.js';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const sign = (claims: Record<string, unknown>, options: { secret?: string; exp?: string; alg?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? secret));

describe('createJwtVerifier (HS256)', () => {
  const verify = createJwtVerifier({ hs256Secret: secret });

  it('given a valid token, then the principal carries sub, tenant and role', async () => {
    expect(await verify(await sign({ tenant: 'acme', role: 'operator' }))).toEqual({ subject: 'user-1', tenant: 'acme', role: 'operator', via: 'jwt' });
  });

  it('given a wrong signature, an expired token, a missing tenant or an unknown role, then AuthenticationError', async () => {
    await expect(verify(await sign({ tenant: 'acme', role: 'viewer' }, { secret: 'another-secret-that-is-also-32-bytes-long!' }))).rejects.toThrow(AuthenticationError);
    await expect(verify(await sign({ tenant: 'acme', role: 'viewer' }, { exp: '-1h' }))).rejects.toThrow(/EXPIRED/);
    await expect(verify(await sign({ role: 'viewer' }))).rejects.toThrow(/tenant/);
    await expect(verify(await sign({ tenant: 'acme', role: 'root' }))).rejects.toThrow(/role/);
    await expect(verify('not.a.jwt')).rejects.toThrow(AuthenticationError);
  });

  it('given an HS512 token signed with the same secret, then it is refused (algorithm pinned)', async () => {
    await expect(verify(await sign({ tenant: 'acme', role: 'admin' }, { alg: 'HS512' }))).rejects.toThrow(AuthenticationError);
  });

  it('given a short secret or no key source, then the verifier refuses', async () => {
    expect(() => createJwtVerifier({ hs256Secret: 'short' })).toThrow(RangeError);
    await expect(createJwtVerifier({})('x.y.z')).rejects.toThrow(/not configured/);
  });
});
