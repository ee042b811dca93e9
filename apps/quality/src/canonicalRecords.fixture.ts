// Test data: canonical events built the way the transform builds them (its mappings), personal fields
// encrypted as on the topics. Not part of the build.
import { loadSchemas } from '@rivulet/contracts';
import { protectRecord, type PiiCipher } from '@rivulet/pii';
import { applyMapping, loadMappings, mappingFor } from '@rivulet/transform';

const mappings = loadMappings();
export const schemas = loadSchemas();
export const T = Date.parse('2026-11-20T10:00:00Z');

export interface CanonicalFixture {
  topic: string;
  key: string;
  value: Record<string, unknown> & { envelope: { event_id: string; tenant_id: string; pii_subject_id: string | null } };
}

let counter = 0;

/** Maps one raw record (fields as docs/raw-records.md) and encrypts its personal fields; `patch` edits the canonical value first. */
export async function canonical(
  pii: PiiCipher,
  tenant: string,
  rawTopic: string,
  raw: Record<string, unknown>,
  options: { role?: string; patch?: (v: Record<string, unknown>) => void; eventId?: string; at?: number } = {},
): Promise<CanonicalFixture> {
  const source = rawTopic.split('.')[1]!;
  const at = options.at ?? T;
  const subject = `${rawTopic.slice(4)}:${Object.values(raw)[0] as string}`;
  const envelope = {
    event_id: options.eventId ?? `raw-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`,
    tenant_id: tenant, source_system: source, event_time: at, ingest_time: at + 5_000, schema_version: 1,
    lineage: null, pii_subject_id: subject, trace_id: null,
  };
  const result = applyMapping(mappingFor(mappings, rawTopic), { envelope, ...raw }, { origin: { topic: rawTopic, partition: 0, offset: counter } });
  const output = options.role ? result.outputs.find((o) => o.role === options.role)! : result.outputs[0]!;
  options.patch?.(output.value);
  const value = await protectRecord(schemas.get(output.eventName)!, output.value, { tenantId: tenant, subjectId: subject }, pii);
  const entity = { CanonicalInvoiceRecorded: 'invoice', CanonicalPartyRecorded: 'party', CanonicalAccountRecorded: 'account', CanonicalOrderRecorded: 'order' }[output.eventName as string] ?? 'unknown';
  return { topic: `canonical.${entity}`, key: `${tenant}/${output.key}`, value: value as CanonicalFixture['value'] };
}

export const rawInvoice = (id: string, over: Record<string, unknown> = {}) => ({
  invoice_id: id, account_id: 'A-1', customer_name: 'Ada Lovelace', customer_email: 'ada@example.com', billing_phone: '+44 20 7946 0000',
  billing_street: '1 High St', billing_city: 'London', billing_postcode: 'SW1A 1AA', billing_country: 'GB',
  amount_due_minor: 1000, amount_paid_minor: 0, currency: 'GBP', issued_at: T, due_at: T + 30 * 86_400_000, paid_at: null,
  status: 'ISSUED', region: 'NORTH', segment: 'CONSUMER', ...over,
});

export const rawAccount = (id: string, over: Record<string, unknown> = {}) => ({
  account_id: id, company_name: 'Acme Widgets Ltd', contact_first_name: 'John', contact_last_name: 'McDonald', contact_email: 'john@acme.co.uk',
  contact_phone: '+44 20 7946 0001', vat_id: 'GB123456789', street: '2 Mill Lane', city: 'Leeds', postcode: 'LS1 4AP', country: 'GB',
  region: 'NORTH', segment: 'SMB', status: 'OPEN', credit_limit: '12500.00', currency: 'GBP', created_at: T - 86_400_000, updated_at: T, ...over,
});
