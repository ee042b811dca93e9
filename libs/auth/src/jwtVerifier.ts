import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type FlattenedJWSInput, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { AuthenticationError } from './authError.js';
import type { Principal } from './principal.js';
import { isRole } from './roles.js';

export interface JwtVerifierOptions {
  /** HS256 shared secret (at least 32 bytes, RFC 7518 §3.2). */
  hs256Secret?: string;
  /** JWKS endpoint of an identity provider; enables RS256 (keys picked by `kid`, fetched and cached by jose). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Clock skew tolerated on exp/nbf, seconds (default 30). */
  clockToleranceSeconds?: number;
}

export type JwtVerifier = (token: string) => Promise<Principal>;

/**
 * Verifies a bearer JWT and maps its claims (`sub`, `tenant`, `role`) to a Principal. The algorithm is
 * pinned per key: HS256 only with the shared secret, RS256 only with JWKS keys, so a token cannot pick the
 * "alg" that makes an RSA public key usable as an HMAC secret (algorithm confusion, CVE-2015-9235).
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  if (options.hs256Secret !== undefined && Buffer.byteLength(options.hs256Secret) < 32) {
    throw new RangeError('the HS256 secret must be at least 32 bytes');
  }
  const secret = options.hs256Secret ? new TextEncoder().encode(options.hs256Secret) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 3_000 }) : undefined;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256'] : [])];

  const keyFor = async (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (header.alg === 'RS256' && jwks) return jwks(header, token);
    throw new AuthenticationError(`JWT algorithm ${header.alg} is not accepted`);
  };

  return async (token) => {
    if (algorithms.length === 0) throw new AuthenticationError('JWT authentication is not configured');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, {
        algorithms,
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const reason = error instanceof joseErrors.JOSEError ? error.code : 'unverifiable';
      throw new AuthenticationError(`invalid JWT (${reason})`, { cause: error });
    }
    const { sub, tenant, role } = payload as JWTPayload & { tenant?: unknown; role?: unknown };
    if (typeof tenant !== 'string' || tenant === '') throw new AuthenticationError('JWT has no "tenant" claim');
    if (!isRole(role)) throw new AuthenticationError('JWT "role" claim must be viewer, operator or admin');
    return { subject: sub as string, tenant, role, via: 'jwt' };
  };
}
