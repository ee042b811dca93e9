import { describe, expect, it } from 'vitest';
import { golden, projected, recordRef, T0 } from '../testing/events.js';
import { entityChange, lastChangePerEntity } from './entityChange.js';

describe('entityChange', () => {
  it('given a golden record, when evolving, then the entity row and its members come out (PII as ciphertext)', () => {
    const change = entityChange(projected(golden(3)));
    if (change.kind !== 'upsert') throw new Error('expected upsert');
    expect(change.entity).toMatchObject({ tenant_id: 'tenant-a', entity_id: 'ent-1', status: 'ACTIVE', version: 3, merge_strategy: 'MOST_RECENT', member_count: 1, region: 'north', last_event_id: 'golden-3' });
    expect(JSON.parse(change.entity.golden).given_name).toBe('pii:v1:s:AAAA');
    expect(change.members).toEqual([
      expect.objectContaining({ entity_id: 'ent-1', member_key: 'crm:customer:C-1', record_id: 'C-1', source_system: 'crm', confidence: 1, joined_at: new Date(T0).toISOString() }),
    ]);
  });

  it('given the same record twice among the members, when evolving, then it is one member', () => {
    const twice = golden(1, { members: [1, 2].map((i) => ({ record: recordRef({ record_id: 'C-1', entity: 'customer', source_system: 'crm' }), source_system: 'crm', confidence: i / 2, joined_at: T0 })) });
    const change = entityChange(projected(twice));
    expect(change.kind === 'upsert' && change.members.map((m) => m.confidence)).toEqual([1]);
  });

  it('given a value with merged_into, when evolving, then the entity is MERGED', () => {
    const change = entityChange(projected(golden(4, { merged_into: 'ent-0' })));
    expect(change.kind === 'upsert' && change.entity).toMatchObject({ status: 'MERGED', merged_into: 'ent-0' });
  });

  it('given a tombstone, when evolving, then the entity named by the key is removed', () => {
    expect(entityChange(projected(null, { key: 'tenant-a/ent-9' }))).toEqual({ kind: 'remove', tenantId: 'tenant-a', entityId: 'ent-9' });
  });

  it('given several changes of one entity in a batch, when folding, then the last one wins', () => {
    const changes = [golden(1), golden(2)].map((g) => entityChange(projected(g)));
    const tomb = entityChange(projected(null, { key: 'tenant-a/ent-1' }));
    expect(lastChangePerEntity([...changes, tomb])).toEqual([tomb]);
    expect(lastChangePerEntity([tomb, ...changes])).toEqual([changes[1]]);
  });

  it('given a lower version after a higher one in a batch, when folding, then the higher version stays', () => {
    const [v1, v2] = [golden(1), golden(2)].map((g) => entityChange(projected(g)));
    expect(lastChangePerEntity([v1!, v2!, v1!])).toEqual([v2]);
  });
});
