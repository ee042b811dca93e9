import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'viewer' | 'operator' | 'admin';
const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export interface ApiKey {
  /** SHA-256 of the key: the clear key is not kept in memory after parsing. */
  digest: Buffer;
  tenantId: string;
  role: Role;
  /** First characters of the key, for logs ("which key was that"). */
  label: string;
}

export interface Principal {
  tenantId: string;
  role: Role;
  label: string;
}

/**
 * Parses `key1:tenantA:operator,key2:tenantB:viewer` (RIVULET_API_KEYS). Interim until the platform's auth
 * service exists: one place to replace. Throws a message naming the bad entry (never the key itself).
 */
export function parseApiKeys(text: string): ApiKey[] {
  return text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0).map((entry, i) => {
    const [key, tenantId, role, ...rest] = entry.split(':');
    if (!key || !tenantId || !role || rest.length > 0) throw new Error(`entry ${i + 1} is not key:tenant:role`);
    if (key.length < 8) throw new Error(`entry ${i + 1}: the key must have at least 8 characters`);
    if (tenantId.includes('/')) throw new Error(`entry ${i + 1}: a tenant id cannot contain "/"`);
    if (!ROLES.includes(role as Role)) throw new Error(`entry ${i + 1}: role must be one of ${ROLES.join(', ')}`);
    return { digest: digest(key), tenantId, role: role as Role, label: `${key.slice(0, 4)}…` };
  });
}

/**
 * The principal of a presented key, or undefined. Constant time in the key: both sides are hashed to 32
 * bytes and compared with `timingSafeEqual`, and every configured key is compared (no early exit), so
 * response time reveals neither a prefix match nor which entry matched.
 */
export function authenticate(keys: readonly ApiKey[], presented: string | undefined): Principal | undefined {
  if (!presented) return undefined;
  const candidate = digest(presented);
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, candidate) && !found) found = key;
  }
  return found ? { tenantId: found.tenantId, role: found.role, label: found.label } : undefined;
}

/** Whether `role` includes `needed` (viewer < operator < admin). */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: { authorization?: string | undefined; 'x-api-key'?: string | string[] | undefined }): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
