import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { AuthenticationError } from './authError.js';

/**
 * API keys look like `rk_<id>_<secret>`: `id` (12 hex chars) names the key in listings, audit rows and
 * revocations without revealing it; `secret` is 32 random bytes (base64url). Only the SHA-256 of the whole
 * key is stored. A slow password hash (bcrypt, scrypt) protects low-entropy passwords against guessing; a
 * 256-bit random secret cannot be guessed, and a fast hash keeps verification to one indexed lookup per
 * request (the scheme GitHub and Stripe tokens use).
 */
const KEY_PATTERN = /^rk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** Shown to the caller once; never stored. */
  key: string;
  keyId: string;
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function isApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** The public id of a well-formed key; throws AuthenticationError for anything else. */
export function apiKeyId(key: string): string {
  const m = KEY_PATTERN.exec(key);
  if (!m) throw new AuthenticationError('malformed API key');
  return m[1] as string;
}

/** `randomBytes` is injectable so tests can make keys deterministic. */
export function generateApiKey(randomBytes: (n: number) => Buffer = nodeRandomBytes): GeneratedApiKey {
  const keyId = randomBytes(6).toString('hex');
  const key = `rk_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { key, keyId, hash: hashApiKey(key) };
}
