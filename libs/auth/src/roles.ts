import { PermissionDeniedError } from './authError.js';

/** Roles, least to most privileged; each holds every permission of the roles before it. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route may ask for. `read`: the read models. `compute`: the seed's synchronous endpoints (no state
 * is written, but they take arbitrary data and burn CPU, so they are an operator's tool). `ingest`,
 * `replay`, `alerts:write`: pipeline operations. `keys:admin`: API keys of the caller's tenant.
 * `personal:read`: personal fields in clear text in read-model answers (others see `[withheld]`).
 * `personal:erase`: forget a data subject (destroy its data key; irreversible).
 */
export const PERMISSIONS = ['read', 'compute', 'ingest', 'replay', 'alerts:write', 'keys:admin', 'personal:read', 'personal:erase'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role → permission table; pure data, so a test can print it and the OpenAPI document can cite it. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  operator: ['read', 'compute', 'ingest', 'replay', 'alerts:write', 'personal:read'],
  admin: ['read', 'compute', 'ingest', 'replay', 'alerts:write', 'keys:admin', 'personal:read', 'personal:erase'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** The least privileged role holding `permission` (for documentation and tests). */
export function minimumRole(permission: Permission): Role {
  const role = ROLES.find((r) => can(r, permission));
  if (!role) throw new RangeError(`no role holds ${permission}`);
  return role;
}

/** Throws PermissionDeniedError unless `role` holds `permission`. */
export function authorize(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new PermissionDeniedError(role, permission);
}
