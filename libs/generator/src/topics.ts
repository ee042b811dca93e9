import { InvalidGeneratorOptionsError } from './generatorError.js';
/**
 * The raw topics and their field order, exactly as docs/raw-records.md lists them. The order is the CSV
 * column order and the NDJSON key order, so both outputs read like the contract table.
 * Timestamps are ISO-8601 UTC strings (`2024-01-31T09:15:00.000Z`): the gateway converts them to Avro
 * timestamp-millis, and they stay readable in CSV.
 */
export const TOPIC_FIELDS = {
  'raw.crm.customer': [
    'customer_id', 'first_name', 'middle_name', 'last_name', 'email', 'phone', 'date_of_birth', 'street', 'city',
    'postcode', 'country', 'region', 'segment', 'status', 'created_at', 'updated_at',
  ],
  'raw.erp.account': [
    'account_id', 'company_name', 'contact_first_name', 'contact_last_name', 'contact_email', 'contact_phone', 'vat_id',
    'street', 'city', 'postcode', 'country', 'region', 'segment', 'status', 'credit_limit', 'currency', 'created_at',
    'updated_at',
  ],
  'raw.erp.order': [
    'order_id', 'account_id', 'order_date', 'status', 'total_amount', 'currency', 'item_count', 'channel', 'region',
  ],
  'raw.billing.invoice': [
    'invoice_id', 'account_id', 'customer_name', 'customer_email', 'billing_phone', 'billing_street', 'billing_city',
    'billing_postcode', 'billing_country', 'amount_due_minor', 'amount_paid_minor', 'currency', 'issued_at', 'due_at',
    'paid_at', 'status', 'region', 'segment',
  ],
  'raw.billing.payment': ['payment_id', 'invoice_id', 'amount_minor', 'currency', 'method', 'paid_at', 'status'],
  'raw.cdr.call': [
    'call_id', 'subscriber_id', 'calling_number', 'called_number', 'start_time', 'duration_seconds', 'call_type',
    'termination', 'cell_id', 'region', 'bytes_used',
  ],
  'raw.oss.network_event': [
    'event_id', 'element_id', 'element_type', 'region', 'severity', 'event_type', 'occurred_at', 'cleared_at',
    'description',
  ],
  'raw.oss.ticket': [
    'ticket_id', 'subscriber_id', 'customer_ref', 'region', 'category', 'priority', 'status', 'opened_at',
    'resolved_at', 'description',
  ],
} as const satisfies Record<string, readonly string[]>;

export type Topic = keyof typeof TOPIC_FIELDS;
export const TOPICS = Object.keys(TOPIC_FIELDS) as Topic[];

/** The record id field (= the Kafka key before the gateway prefixes the tenant) of each topic. */
export const KEY_FIELD: Record<Topic, string> = {
  'raw.crm.customer': 'customer_id',
  'raw.erp.account': 'account_id',
  'raw.erp.order': 'order_id',
  'raw.billing.invoice': 'invoice_id',
  'raw.billing.payment': 'payment_id',
  'raw.cdr.call': 'call_id',
  'raw.oss.network_event': 'event_id',
  'raw.oss.ticket': 'ticket_id',
};

/** Party records are the input of matching: each carries a true entity id in the truth. */
export const PARTY_TOPICS: readonly Topic[] = ['raw.crm.customer', 'raw.erp.account', 'raw.billing.invoice'];

export const REGIONS = ['NORTH', 'SOUTH', 'EAST', 'WEST', 'CENTRAL'] as const;
export type Region = (typeof REGIONS)[number];
export const SEGMENTS = ['CONSUMER', 'SMB', 'ENTERPRISE'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** A raw record: field name → JSON value, keys in contract order. */
export type RawValue = string | number | null;
export type RawRecord = Record<string, RawValue>;

/** Accepts `billing.invoice` or `raw.billing.invoice` (CLI and config friendliness). */
export function toTopic(name: string): Topic {
  const topic = (name.startsWith('raw.') ? name : `raw.${name}`) as Topic;
  if (!(topic in TOPIC_FIELDS)) throw new InvalidGeneratorOptionsError(`unknown source "${name}"; expected one of ${TOPICS.join(', ')}`);
  return topic;
}
