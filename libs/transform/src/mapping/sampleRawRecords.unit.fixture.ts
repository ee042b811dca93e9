/**
 * One messy raw record per mapping, written the way the sources export them (docs/raw-records.md and the
 * generator's variations): national phone formats, spelled-out countries, ISO strings, odd case. Test data only.
 */
const envelope = (id: string) => ({
  event_id: `00000000-0000-5000-8000-${id.padStart(12, '0')}`,
  tenant_id: 'acme',
  source_system: 'test',
  event_time: 1_774_000_000_000,
  ingest_time: 1_774_000_001_000,
  schema_version: 1,
  lineage: null,
  pii_subject_id: 'subject-1',
  trace_id: null,
});

export const SAMPLE_RAW_RECORDS: Record<string, Record<string, unknown>> = {
  'crm.customer': {
    envelope: envelope('1'), customer_id: 'CUS-000001', first_name: ' mary ', middle_name: null, last_name: "O'BRIEN",
    email: ' Mary.OBrien+news@Example.COM', phone: '(020) 7946-0000', date_of_birth: '12/03/1980', street: '1  High Street',
    city: 'london', postcode: 'sw1a 1aa', country: 'United Kingdom', region: 'London', segment: 'consumer', status: 'ACTIVE',
    created_at: '2026-03-29T00:30:00Z', updated_at: 1_774_000_000_000,
  },
  'erp.account': {
    envelope: envelope('2'), account_id: 'ACC-000001', company_name: 'Acme  Widgets Ltd', contact_first_name: 'JOHN',
    contact_last_name: 'mcdonald', contact_email: 'john@acme.co.uk', contact_phone: '0044 20 7946 0001', vat_id: 'gb123456789',
    street: '2 Mill Lane', city: 'Leeds', postcode: 'LS1 4AP', country: 'UK', region: 'North', segment: 'SMB', status: 'OPEN',
    credit_limit: '12,500.00', currency: 'gbp', created_at: '2025-10-26 01:30', updated_at: '2026-01-05T10:00:00.000Z',
  },
  'erp.order': {
    envelope: envelope('3'), order_id: 'ORD-000001', account_id: 'ACC-000001', order_date: '2026-07-01 09:15', status: 'shipped',
    total_amount: '1234.5', currency: '€', item_count: '3', channel: 'web', region: 'North',
  },
  'billing.invoice': {
    envelope: envelope('4'), invoice_id: 'INV-000001', account_id: 'ACC-000001', customer_name: 'MARY  O’BRIEN',
    customer_email: 'mary@example.com', billing_phone: '+44 20 7946 0000', billing_street: '1 High Street', billing_city: 'London',
    billing_postcode: 'SW1A 1AA', billing_country: 'GB', amount_due_minor: 12_345, amount_paid_minor: 0, currency: 'GBP',
    issued_at: 1_770_000_000_000, due_at: 1_772_592_000_000, paid_at: null, status: 'OVERDUE', region: 'London', segment: 'CONSUMER',
  },
  'billing.payment': {
    envelope: envelope('5'), payment_id: 'PAY-000001', invoice_id: 'INV-000001', amount_minor: 5_000, currency: 'GBP',
    method: 'DIRECT_DEBIT', paid_at: 1_771_000_000_000, status: 'SETTLED',
  },
  'cdr.call': {
    envelope: envelope('6'), call_id: 'CDR-000001', subscriber_id: 'SUB-000001', calling_number: '447700900123',
    called_number: '447911123456', start_time: 1_774_000_000_000, duration_seconds: 185, call_type: 'VOICE', termination: 'DROPPED',
    cell_id: 'CELL-01', region: 'London', bytes_used: null,
  },
  'oss.network_event': {
    envelope: envelope('7'), event_id: 'NE-000001', element_id: 'CELL-01', element_type: 'CELL', region: 'London', severity: 'MAJOR',
    event_type: 'LINK_DOWN', occurred_at: 1_774_000_000_000, cleared_at: null, description: '  fibre cut  ',
  },
  'oss.ticket': {
    envelope: envelope('8'), ticket_id: 'TCK-000001', subscriber_id: 'SUB-000001', customer_ref: null, region: 'London',
    category: 'NETWORK', priority: 'P2', status: 'in progress', opened_at: 1_774_000_100_000, resolved_at: null, description: null,
  },
};
