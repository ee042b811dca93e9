import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from './authError.js';
import { createJwtVerifier } from './jwtVerifier.js';

// A local JWKS endpoint stands in for an identity provider.
let server: Server;
let url: string;
const keys = await generateKeyPair('RS256');

beforeAll(async () => {
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createJwtVerifier (RS256 via JWKS)', () => {
  it('given a token signed by the provider key, then verified; with an issuer mismatch, refused', async () => {
    const token = await new SignJWT({ tenant: 'acme', role: 'viewer' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('u').setIssuer('https://idp').setExpirationTime('5m').sign(keys.privateKey);
    expect(await createJwtVerifier({ jwksUrl: url, issuer: 'https://idp' })(token)).toMatchObject({ tenant: 'acme', role: 'viewer' });
    await expect(createJwtVerifier({ jwksUrl: url, issuer: 'https://other' })(token)).rejects.toThrow(AuthenticationError);
  });

  it('given an HS256 token to an RS256-only verifier, then refused', async () => {
    const token = await new SignJWT({ tenant: 'acme', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    await expect(createJwtVerifier({ jwksUrl: url })(token)).rejects.toThrow(/ALG_NOT_ALLOWED|not accepted/);
  });
});
