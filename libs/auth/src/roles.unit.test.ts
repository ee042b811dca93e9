import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from './authError.js';
import { authorize, can, isRole, minimumRole, PERMISSIONS, ROLES } from './roles.js';

describe('roles', () => {
  it('given the table, then each role holds every permission of the roles before it', () => {
    for (let i = 1; i < ROLES.length; i++) {
      for (const p of PERMISSIONS) if (can(ROLES[i - 1]!, p)) expect(can(ROLES[i]!, p)).toBe(true);
    }
  });

  it('given each permission, then the minimum role is as documented', () => {
    expect(Object.fromEntries(PERMISSIONS.map((p) => [p, minimumRole(p)]))).toEqual({
      read: 'viewer', compute: 'operator', ingest: 'operator', replay: 'operator', 'alerts:write': 'operator', 'keys:admin': 'admin',
      'personal:read': 'operator', 'personal:erase': 'admin',
    });
  });

  it('given a viewer, when authorizing a write, then PermissionDeniedError', () => {
    expect(() => authorize('viewer', 'alerts:write')).toThrow(PermissionDeniedError);
    expect(() => authorize('admin', 'keys:admin')).not.toThrow();
    expect(isRole('root')).toBe(false);
    expect(isRole('operator')).toBe(true);
  });
});
