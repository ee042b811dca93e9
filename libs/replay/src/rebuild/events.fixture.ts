/**
 * Minimal valid events for the rebuild integration test (Avro-encoded there, which checks them against the
 * schemas). Same shapes as @rivulet/projections' own test fixtures. Not part of the build.
 */
import type { AlertRaised, Envelope, KpiFactRecorded, QualityCheckEvaluated, QualityIssueDetected, RecordRef } from '@rivulet/contracts';

const T0 = Date.UTC(2026, 10, 26, 9, 30, 0);

const envelope = (over: Partial<Envelope>): Envelope => ({
  event_id: 'evt-1', tenant_id: 'tenant-a', source_system: 'quality', event_time: T0, ingest_time: T0 - 1_000,
  schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null, ...over,
});
const record: RecordRef = { event_id: 'raw-1', source_system: 'billing', entity: 'invoice', record_id: 'INV-1', topic: 'raw.billing.invoice', partition: 2, offset: 41 };

export const kpiFact = (value: number, env: Partial<Envelope>): KpiFactRecorded => ({
  envelope: envelope(env), kpi: 'revenue_invoiced', value, unit: 'EUR_minor', occurred_at: T0,
  dimensions: { region: 'north', segment: 'SMB', source_system: 'billing' }, record,
});

export const qualityCheck = (env: Partial<Envelope>): QualityCheckEvaluated => ({
  envelope: envelope(env), record, entity: 'invoice', score: 0.75, passed: false, checks_evaluated: 4, failed_checks: ['validity.currency'], anomaly_score: null,
  passed_checks: ['completeness.invoice_id'], window_failed_checks: [], field_presence: { invoice_id: true, 'amount_due.currency': true }, invalid: true, duplicate: false,
});

export const qualityIssue = (env: Partial<Envelope>): QualityIssueDetected => ({
  envelope: envelope(env), record, check: 'validity.currency', field: 'amount_due.currency', severity: 'FAIL',
  dimensions: { source_system: 'billing', entity: 'invoice', field: 'amount_due.currency', check: 'validity.currency', region: 'north', segment: 'SMB' },
  observed_value: 'XXX', expected: 'ISO 4217', message: 'unknown currency',
});

export const alert = (env: Partial<Envelope>): AlertRaised => ({
  envelope: envelope({ source_system: 'rca', ...env }), alert_id: 'al-1', rule: 'quality_fail_rate', severity: 'CRITICAL', message: 'fail rate 12% in north',
  finding: { topic: 'rca.findings', event_id: 'evt-rca', analysis_id: 'an-1' }, dimensions: { region: 'north' },
});
