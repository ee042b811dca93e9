import type { ProjectedEvent } from '@rivulet/runtime';
import { describe, expect, it } from 'vitest';
import { eventTenant, onlyTenant } from './tenantFilter.js';

const event = (key: string | null, value: unknown): ProjectedEvent =>
  ({ topic: 't', partition: 0, offset: '0', key, value, headers: {}, timestamp: 0, traceId: null });

describe('eventTenant', () => {
  it('given an event, when asked, then the envelope decides, not the key', () => {
    expect(eventTenant(event('a/1', { envelope: { tenant_id: 'b' } }))).toBe('b');
  });
  it('given a tombstone, when asked, then the key prefix decides', () => {
    expect(eventTenant(event('a/ent-1', null))).toBe('a');
    expect(eventTenant(event('no-tenant', null))).toBeUndefined();
  });
});

describe('onlyTenant', () => {
  it('given a mixed batch, when projected for one tenant, then the projection sees only that tenant\'s events', async () => {
    const seen: ProjectedEvent[][] = [];
    const project = onlyTenant('a', async (_tx: null, events) => void seen.push([...events]));
    const batch = [event('a/1', { envelope: { tenant_id: 'a' } }), event('b/1', { envelope: { tenant_id: 'b' } }), event('a/2', null), event('b/2', null)];
    await project(null, batch);
    expect(seen[0]!.map((e) => e.key)).toEqual(['a/1', 'a/2']);
  });
});
