import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidSchemaError } from '../errors.js';
import { checkCompleteness } from './checkCompleteness.js';
import { checkQuality } from './checkQuality.js';
import { detectAnomalies } from './detectAnomalies.js';
import { validateSchema } from './validateSchema.js';

const ordersBatch = () => {
  const data: Record<string, unknown>[] = Array.from({ length: 60 }, (_, i) => ({ order_id: `O${i}`, email: `u${i}@x.co`, total: 1000 + ((i * 37) % 200), items: 1 + (i % 4) }));
  data[3] = { ...data[3], email: null };
  data[7] = { ...data[7], email: 'not-an-email' };
  data[10] = { ...data[10], order_id: 'O9' };
  data[20] = { ...data[20], total: 900_000, items: 300 };
  return data;
};

describe('seed-compatible functions', () => {
  it('given a batch with rules, then checkQuality reports issues, duplicates, anomalies and the seed fields', () => {
    let t = 0;
    const res = checkQuality(
      {
        data_source: 'erp',
        entity: 'order',
        data: ordersBatch(),
        rules: { entity: 'order', checks: [{ type: 'missing', field: 'email', severity: 'warn' }, { type: 'invalid', field: 'email', format: 'email', severity: 'fail' }] },
        key_fields: ['order_id'],
        anomaly_fields: ['total', 'items'],
      },
      { ctx: { now: 0 }, clock: () => (t += 250) },
    );
    expect(Object.keys(res)).toEqual(expect.arrayContaining(['check_id', 'status', 'total_records', 'quality_score', 'issues_found', 'anomalies', 'duplicates', 'recommendations', 'execution_time']));
    expect(res).toMatchObject({ total_records: 60, issues_found: 2, execution_time: 0.25, status: 'WARN' });
    expect(res.issues.map((i) => [i.index, i.check])).toEqual([[3, 'completeness.email'], [7, 'validity.email']]);
    expect(res.duplicates).toEqual([{ index: 10, key: '["order","O9"]', first_index: 9 }]);
    expect(res.anomalies[0]?.index).toBe(20);
    expect(res.quality_score).toBeCloseTo(1 - 1.5 / 60, 5);
    expect(res.check_id).toMatch(/^qc-[0-9a-f]{8}$/);
  });

  it('given the same request twice, then the check id is the same', () => {
    const req = { data: ordersBatch(), required_fields: ['email'] };
    expect(checkQuality(req, { ctx: { now: 1 } }).check_id).toBe(checkQuality(req, { ctx: { now: 1 } }).check_id);
  });

  it('given a batch, then detectAnomalies flags the planted outlier first; a tiny batch is not modelled', () => {
    const res = detectAnomalies({ data: ordersBatch(), contamination: 0.05 });
    expect(res.features).toEqual(['items', 'total']);
    expect(res.anomalies[0]).toMatchObject({ index: 20, values: { total: 900_000, items: 300 } });
    expect(detectAnomalies({ data: ordersBatch().slice(0, 5) })).toMatchObject({ threshold: null, anomalies: [] });
  });

  it('given records, then checkCompleteness measures every field', () => {
    const res = checkCompleteness({ data: [{ a: 1, b: '' }, { a: null, b: 'x' }, { a: 3, b: 'y' }, { a: 4, b: 'z' }], threshold: 0.8 });
    expect(res.fields.a).toMatchObject({ present: 3, missing: 1, completeness: 0.75, complete: false });
    expect(res).toMatchObject({ total_records: 4, overall_completeness: 0.75, incomplete_fields: ['a', 'b'], incomplete_records: [0, 1], status: 'FAIL' });
  });

  it('given a canonical Avro schema and its dependencies, then validateSchema reports each bad field by path', () => {
    const avsc = (p: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../../schemas/avro', p), 'utf8'));
    const dependencies = ['common/Lineage.avsc', 'common/Envelope.avsc', 'common/RecordRef.avsc', 'common/Money.avsc', 'common/Transformation.avsc', 'common/enums/PaymentMethod.avsc', 'common/enums/PaymentStatus.avsc'].map(avsc);
    const good = {
      envelope: { event_id: 'e', tenant_id: 't', source_system: 'billing', event_time: 1, ingest_time: 2, schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null },
      source_record: { event_id: 'e', source_system: 'billing', entity: 'payment', record_id: 'P1', topic: 'raw.billing.payment', partition: 0, offset: 5 },
      payment_id: 'P1', invoice_id: 'I1', amount: { amount_minor: 100, currency: 'GBP' }, method: 'CARD', paid_at: 3, status: 'SETTLED', transformations: [],
    };
    const bad = { ...good, method: 'CHEQUE', amount: { amount_minor: 'ten', currency: 'GBP' } };
    const res = validateSchema({ schema: avsc('canonical/CanonicalPaymentRecorded.avsc'), dependencies, data: [good, bad] });
    expect(res).toMatchObject({ valid: false, total_records: 2, valid_records: 1 });
    expect(res.errors.map((e) => [e.index, e.path])).toEqual([[1, 'amount.amount_minor'], [1, 'method']]);
    expect(() => validateSchema({ schema: { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nope' }] }, data: [] })).toThrow(InvalidSchemaError);
  });
});
