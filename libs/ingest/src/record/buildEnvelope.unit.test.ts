import { describe, expect, it } from 'vitest';
import { buildEnvelope, recordVersion } from './buildEnvelope.js';
import { coerceRecord } from './coerceRecord.js';
import { knownSources, resolveRawTopic } from './rawTopic.js';

const orders = resolveRawTopic('erp', 'order');
const customers = resolveRawTopic('crm', 'customer');
const order = (overrides: Record<string, unknown> = {}) => {
  const result = coerceRecord(orders, {
    order_id: 'ORD-1', account_id: 'ACC-1', order_date: '2024-03-01T10:00:00Z', status: 'PLACED', total_amount: '12.50',
    currency: 'GBP', item_count: '2', channel: null, region: 'NORTH', ...overrides,
  });
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return result.value;
};

describe('buildEnvelope', () => {
  it('given the same record twice at different times, when enveloped, then the event id and key are the same', () => {
    const first = buildEnvelope(orders, order(), { tenantId: 'acme', ingestTime: 1 });
    const again = buildEnvelope(orders, order(), { tenantId: 'acme', ingestTime: 999 });
    expect(again.envelope.event_id).toBe(first.envelope.event_id);
    expect(first.key).toBe('acme/ORD-1');
    expect(first.envelope).toMatchObject({
      tenant_id: 'acme', source_system: 'erp', event_time: Date.UTC(2024, 2, 1, 10), ingest_time: 1, schema_version: 1, lineage: null, pii_subject_id: null,
    });
  });

  it('given a changed record, another tenant, then the event id differs', () => {
    const base = buildEnvelope(orders, order(), { tenantId: 'acme', ingestTime: 1 }).envelope.event_id;
    expect(buildEnvelope(orders, order({ status: 'SHIPPED' }), { tenantId: 'acme', ingestTime: 1 }).envelope.event_id).not.toBe(base);
    expect(buildEnvelope(orders, order(), { tenantId: 'other', ingestTime: 1 }).envelope.event_id).not.toBe(base);
  });

  it('given a source with updated_at, when versioned, then the revision is updated_at and personal data has a subject', () => {
    const payload = { customer_id: 'CUS-9', updated_at: 1700000000000 } as Record<string, unknown>;
    expect(recordVersion(customers, payload)).toBe(1700000000000);
    expect(recordVersion(orders, order())).toMatch(/^sha256:[0-9a-f]{64}$/);
    const result = coerceRecord(customers, {
      customer_id: 'CUS-9', first_name: 'A', last_name: 'B', status: 'ACTIVE', created_at: '2020-01-01', updated_at: '2024-01-01',
    });
    expect(result.ok && buildEnvelope(customers, result.value, { tenantId: 't', ingestTime: 0 }).envelope.pii_subject_id).toBe('crm.customer:CUS-9');
  });
});

describe('resolveRawTopic', () => {
  it('given every catalogued source, when resolved, then finds the id, a timestamp event time and the enums', () => {
    for (const name of knownSources()) {
      const [source, entity] = name.split('.') as [string, string];
      const topic = resolveRawTopic(source, entity);
      expect(topic.fields[0]!.name).toBe(topic.idField);
      expect(topic.fields.find((f) => f.name === topic.eventTimeField)?.kind).toBe('timestamp-millis');
    }
    expect(customers.fields.find((f) => f.name === 'status')).toMatchObject({ kind: 'enum', symbols: ['ACTIVE', 'INACTIVE', 'PROSPECT', 'CHURNED'] });
    expect(customers.fields.find((f) => f.name === 'email')).toMatchObject({ kind: 'string', nullable: true, pii: true });
  });

  it('given an unknown or crafted name, when resolved, then throws UnknownSourceError', () => {
    expect(() => resolveRawTopic('crm', 'nope')).toThrow(/unknown source\/entity "crm.nope"/);
    expect(() => resolveRawTopic('crm.customer', 'x')).toThrow(/unknown source/);
    expect(() => resolveRawTopic('', 'customer')).toThrow(/unknown source/);
  });
});
