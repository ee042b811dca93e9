/**
 * Minimal valid event values for tests (unit tests use them directly; the integration test Avro-encodes
 * them, which checks they match the schemas). Not part of the build.
 */
import type {
  AlertRaised, CanonicalInvoiceRecorded, CanonicalPartyRecorded, CrmCustomerRecordReceived, Envelope, GoldenEntityUpdated,
  KpiFactRecorded, MatchDecisionMade, QualityCheckEvaluated, QualityIssueDetected, RcaFindingRecorded, RecordRef,
} from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';

export const T0 = Date.UTC(2026, 10, 26, 9, 30, 0);
export const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

export function envelope(over: Partial<Envelope> = {}): Envelope {
  return {
    event_id: 'evt-1', tenant_id: 'tenant-a', source_system: 'transform', event_time: T0, ingest_time: T0 - 1_000,
    schema_version: 1, lineage: null, pii_subject_id: null, trace_id: null, ...over,
  };
}

export function recordRef(over: Partial<RecordRef> = {}): RecordRef {
  return { event_id: 'raw-1', source_system: 'billing', entity: 'invoice', record_id: 'INV-1', topic: 'raw.billing.invoice', partition: 2, offset: 41, ...over };
}

export function projected<V>(value: V, over: Partial<ProjectedEvent> = {}): ProjectedEvent<V> {
  return { topic: 't', partition: 0, offset: '0', key: null, headers: {}, timestamp: T0, traceId: null, ...over, value } as ProjectedEvent<V>;
}

export const crmCustomer = (env: Partial<Envelope> = {}): CrmCustomerRecordReceived => ({
  envelope: envelope({ source_system: 'crm', ...env }), customer_id: 'C-1', first_name: 'pii:v1:s:AAAA', middle_name: null, last_name: 'pii:v1:s:BBBB',
  email: null, phone: null, date_of_birth: null, street: null, city: 'Leeds', postcode: null, country: 'GB', region: 'north', segment: 'SMB',
  status: 'ACTIVE', created_at: T0, updated_at: T0,
});

export const canonicalInvoice = (env: Partial<Envelope> = {}): CanonicalInvoiceRecorded => ({
  envelope: envelope({ lineage: { origin_topic: 'raw.billing.invoice', origin_partition: 2, origin_offset: 41, mapping_version: 'billing.invoice@3' }, ...env }),
  source_record: recordRef(), invoice_id: 'INV-1', account_id: 'A-1', customer_name: 'pii:v1:s:CCCC',
  amount_due: { amount_minor: 12_345, currency: 'EUR' }, amount_paid: { amount_minor: 0, currency: 'EUR' },
  issued_at: T0 - 3_600_000, due_at: T0 + 86_400_000, paid_at: null, status: 'ISSUED', region: 'north', segment: 'SMB',
  transformations: [{ field: 'customer_name', before: 'pii:v1:s:DDDD', after: 'pii:v1:s:CCCC', rule: 'trim' }, { field: 'currency', before: 'eur', after: 'EUR', rule: 'upper' }],
});

export const canonicalParty = (env: Partial<Envelope> = {}): CanonicalPartyRecorded => ({
  envelope: envelope(env), source_record: recordRef({ source_system: 'crm', entity: 'customer', record_id: 'C-1', topic: 'raw.crm.customer' }),
  party_key: 'crm:customer:C-1', party_type: 'PERSON', role: 'customer', given_name: 'pii:v1:s:AAAA', middle_name: null, family_name: 'pii:v1:s:BBBB',
  full_name: null, organization_name: null, email: null, phone: null, date_of_birth: null, address: null, region: 'north', segment: 'CONSUMER',
  status: 'ACTIVE', created_at: T0, updated_at: null, transformations: [],
});

export const kpiFact = (value: number, over: Partial<KpiFactRecorded> = {}, env: Partial<Envelope> = {}): KpiFactRecorded => ({
  envelope: envelope(env), kpi: 'revenue_invoiced', value, unit: 'EUR_minor', occurred_at: T0,
  dimensions: { region: 'north', segment: 'SMB', source_system: 'billing' }, record: recordRef(), ...over,
});

export const qualityCheck = (env: Partial<Envelope> = {}, over: Partial<QualityCheckEvaluated> = {}): QualityCheckEvaluated => ({
  envelope: envelope({ source_system: 'quality', ...env }), record: recordRef(), entity: 'invoice', score: 0.75, passed: false, checks_evaluated: 4,
  failed_checks: ['validity.currency'], anomaly_score: null, passed_checks: ['completeness.invoice_id', 'completeness.region', 'range.amount_due.amount_minor'],
  window_failed_checks: [], field_presence: { invoice_id: true, region: true, 'amount_due.currency': true, 'amount_due.amount_minor': true },
  invalid: true, duplicate: false, ...over,
});

export const qualityIssue = (env: Partial<Envelope> = {}): QualityIssueDetected => ({
  envelope: envelope({ source_system: 'quality', ...env }), record: recordRef(), check: 'validity.currency', field: 'amount_due.currency', severity: 'FAIL',
  dimensions: { source_system: 'billing', entity: 'invoice', field: 'amount_due.currency', check: 'validity.currency', region: 'north', segment: 'SMB' },
  observed_value: 'XXX', expected: 'ISO 4217', message: 'unknown currency',
});

export const matchDecision = (env: Partial<Envelope> = {}): MatchDecisionMade => ({
  envelope: envelope({ source_system: 'match', ...env }), record: recordRef({ entity: 'customer', record_id: 'C-1' }), entity_id: 'ent-1', confidence: 0.97,
  decision: 'MATCH', candidates: [{ entity_id: 'ent-1', score: 0.97, matched_fields: ['email'] }], previous_entity_id: null, matcher_version: 'fs-1',
});

export const golden = (version: number, over: Partial<GoldenEntityUpdated> = {}, env: Partial<Envelope> = {}): GoldenEntityUpdated => ({
  envelope: envelope({ source_system: 'match', event_id: `golden-${version}`, ...env }), entity_id: 'ent-1', tenant_id: env.tenant_id ?? 'tenant-a',
  golden: { party_type: 'PERSON', given_name: 'pii:v1:s:AAAA', family_name: 'pii:v1:s:BBBB', full_name: null, organization_name: null, email: null, phone: null,
    date_of_birth: null, address: null, region: 'north', segment: 'CONSUMER' },
  members: [{ record: recordRef({ entity: 'customer', record_id: 'C-1', source_system: 'crm' }), source_system: 'crm', confidence: 1, joined_at: T0 }],
  merge_strategy: 'MOST_RECENT', version, merged_into: null, ...over,
});

export const rcaFinding = (env: Partial<Envelope> = {}): RcaFindingRecorded => ({
  envelope: envelope({ source_system: 'rca', ...env }), analysis_id: 'an-1', window: { start: T0 - 3_600_000, end: T0 }, metric: 'quality.fail_rate',
  root_causes: [{ dimensions: { region: 'north' }, share: 0.8, surprise: 0.5, explanatory_power: 0.8, rank: 1 }], correlations: [], trends: [], predictions: [],
  recommendations: ['check the billing export'], confidence_score: 0.9,
});

export const alert = (env: Partial<Envelope> = {}): AlertRaised => ({
  envelope: envelope({ source_system: 'rca', ...env }), alert_id: 'al-1', rule: 'quality_fail_rate', severity: 'CRITICAL', message: 'fail rate 12% in north',
  finding: { topic: 'rca.findings', event_id: 'evt-rca', analysis_id: 'an-1' }, dimensions: { region: 'north' },
});
