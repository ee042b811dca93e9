import { describe, expect, it } from 'vitest';
import { evaluateRecord } from '../checks/evaluateRecord.js';
import { compileChecks } from '../checks/parseChecks.js';
import { toQualityEvents, type RecordRef } from './qualityEvents.js';

const ref: RecordRef = { event_id: 'e1', source_system: 'billing', entity: 'invoice', record_id: 'I1', topic: 'canonical.invoice', partition: 0, offset: 7 };

describe('quality events', () => {
  it('given a check with only window thresholds, then its failure is a window failure, not a failed check of the record', () => {
    const checks = compileChecks(
      { entity: 'invoice', checks: [{ type: 'missing', field: 'region', window: { warn: '5%' } }, { type: 'allowed_values', field: 'status', values: ['PAID'], severity: 'fail' }, { type: 'duplicate', fields: ['invoice_id'], severity: 'warn' }] },
      'invoice.yaml',
    );
    const record = { invoice_id: 'I1', status: 'LOST', region: null };
    const verdict = evaluateRecord(checks, record, { now: 0, lookups: { seen: () => true } });
    const { evaluated } = toQualityEvents(checks, record, verdict, ref);
    expect(evaluated).toMatchObject({ failed_checks: ['allowed.status', 'uniqueness.invoice_id'], window_failed_checks: ['completeness.region'], passed_checks: [], invalid: true, duplicate: true });
  });

  it('given a failed record, then the verdict and one issue per failed check carry the dimensions', () => {
    const checks = compileChecks(
      { entity: 'invoice', checks: [{ type: 'missing', field: 'customer_name', severity: 'fail' }, { type: 'missing', field: 'region', severity: 'warn' }, { type: 'missing', field: 'invoice_id', severity: 'fail' }] },
      'invoice.yaml',
    );
    const record = { invoice_id: 'I1', customer_name: '', region: null, segment: 'SMB', source_record: { source_system: 'billing' }, envelope: { source_system: 'transform' } };
    const verdict = evaluateRecord(checks, record, { now: 0 });
    const { evaluated, issues } = toQualityEvents(checks, record, verdict, ref, 0.61);
    expect(evaluated).toEqual({ record: ref, entity: 'invoice', score: 1 / 3, passed: false, checks_evaluated: 3, failed_checks: ['completeness.customer_name', 'completeness.region'], anomaly_score: 0.61,
      // What the window read model folds: every evaluated check, field presence, validity and duplicate flags.
      passed_checks: ['completeness.invoice_id'], window_failed_checks: [], field_presence: { customer_name: false, region: false, invoice_id: true },
      invalid: false, duplicate: false,
    });
    expect(issues[1]).toEqual({
      record: ref,
      check: 'completeness.region',
      field: 'region',
      severity: 'WARN',
      dimensions: { source_system: 'billing', entity: 'invoice', field: 'region', check: 'completeness.region', region: null, segment: 'SMB' },
      observed_value: null,
      expected: 'a value',
      message: 'region is missing',
    });
  });
});
