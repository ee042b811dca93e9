import { describe, expect, it } from 'vitest';
import { createTenantLabel, MAX_TENANT_LABELS } from './tenantLabel.js';

describe('tenant metric label', () => {
  it('given named tenants, then they keep their id and a thousand other tenants share one value', () => {
    const label = createTenantLabel(['acme', 'globex']);
    expect(label('acme')).toBe('acme');
    const values = new Set(Array.from({ length: 1000 }, (_, i) => label(`tenant-${i}`)).concat(label('acme'), label('globex')));
    expect([...values].sort()).toEqual(['acme', 'globex', 'other']);
  });

  it('refuses more than the maximum of named tenants, and a tenant called "other"', () => {
    expect(() => createTenantLabel(Array.from({ length: MAX_TENANT_LABELS + 1 }, (_, i) => `t${i}`))).toThrow(/at most 50/);
    expect(() => createTenantLabel(['other'])).toThrow(/reserved/);
  });
});
