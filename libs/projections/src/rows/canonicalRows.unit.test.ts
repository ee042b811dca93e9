import { describe, expect, it } from 'vitest';
import { canonicalInvoice, canonicalParty, projected, T0, TRACE } from '../testing/events.js';
import { canonicalRecordRow, isCanonicalEventName, transformationRow } from './canonicalRows.js';

describe('canonical rows', () => {
  const event = projected(canonicalInvoice({ event_id: 'inv-evt', trace_id: TRACE }), { topic: 'canonical.invoice', partition: 3, offset: '77' });

  it('given an invoice, when building its canonical_records row, then the filter columns come out and the payload is the event as received', () => {
    const row = canonicalRecordRow('CanonicalInvoiceRecorded', event);
    expect(row).toMatchObject({
      event_id: 'inv-evt', tenant_id: 'tenant-a', entity: 'invoice', record_key: 'INV-1', region: 'north', segment: 'SMB', status: 'ISSUED',
      amount_minor: 12_345, currency: 'EUR', occurred_at: new Date(T0 - 3_600_000).toISOString(), topic: 'canonical.invoice', partition: 3,
      kafka_offset: '77', source_event_id: 'raw-1', source_system: 'billing', source_entity: 'invoice', source_id: 'INV-1',
      source_topic: 'raw.billing.invoice', source_partition: 2, source_offset: 41, trace_id: TRACE, event_time: new Date(T0).toISOString(),
    });
    expect(JSON.parse(row.payload)).toEqual(event.value);
    expect(row.payload).toContain('pii:v1:s:CCCC'); // personal data stays ciphertext
  });

  it('given an invoice, when building its transformations row, then lineage and history are kept', () => {
    const row = transformationRow('CanonicalInvoiceRecorded', event);
    expect(row.mapping_version).toBe('billing.invoice@3');
    expect(JSON.parse(row.history)).toEqual([
      { field: 'customer_name', before: 'pii:v1:s:DDDD', after: 'pii:v1:s:CCCC', rule: 'trim' },
      { field: 'currency', before: 'eur', after: 'EUR', rule: 'upper' },
    ]);
    expect(row).toMatchObject({ event_id: 'inv-evt', entity: 'invoice', record_key: 'INV-1', source_offset: 41 });
  });

  it('given a party without updated_at, when building its row, then created_at is its time and amounts are empty', () => {
    const row = canonicalRecordRow('CanonicalPartyRecorded', projected(canonicalParty()));
    expect(row).toMatchObject({ entity: 'party', record_key: 'crm:customer:C-1', segment: 'CONSUMER', amount_minor: null, currency: null, occurred_at: new Date(T0).toISOString(), trace_id: null });
  });

  it('knows which event names are canonical', () => {
    expect(isCanonicalEventName('CanonicalUsageRecorded')).toBe(true);
    expect(isCanonicalEventName('KpiFactRecorded')).toBe(false);
  });
});
