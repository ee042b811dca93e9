import type { EventMap, Lineage, Money, RecordRef, Transformation } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { traceIdOf } from '../traceIdOf.js';
import { isoTime, isoTimeOrNull, json, recordRefColumns, type RecordRefColumns } from './columns.js';

export type CanonicalEventName = Extract<keyof EventMap, `Canonical${string}`>;
export type CanonicalEvent = EventMap[CanonicalEventName];

/** The non-personal columns the API filters canonical records by, per event. */
interface KeyColumns {
  entity: string;
  record_key: string;
  region: string | null;
  segment: string | null;
  status: string | null;
  amount: Money | null;
  occurred_at: number | null;
}

const KEY_COLUMNS: { [N in CanonicalEventName]: (v: EventMap[N]) => KeyColumns } = {
  CanonicalPartyRecorded: (v) => ({ entity: 'party', record_key: v.party_key, region: v.region, segment: v.segment, status: v.status, amount: null, occurred_at: v.updated_at ?? v.created_at }),
  CanonicalAccountRecorded: (v) => ({ entity: 'account', record_key: v.account_id, region: v.region, segment: v.segment, status: v.status, amount: v.credit_limit, occurred_at: v.updated_at }),
  CanonicalOrderRecorded: (v) => ({ entity: 'order', record_key: v.order_id, region: v.region, segment: null, status: v.status, amount: v.total, occurred_at: v.ordered_at }),
  CanonicalInvoiceRecorded: (v) => ({ entity: 'invoice', record_key: v.invoice_id, region: v.region, segment: v.segment, status: v.status, amount: v.amount_due, occurred_at: v.issued_at }),
  CanonicalPaymentRecorded: (v) => ({ entity: 'payment', record_key: v.payment_id, region: null, segment: null, status: v.status, amount: v.amount, occurred_at: v.paid_at }),
  CanonicalUsageRecorded: (v) => ({ entity: 'usage', record_key: v.usage_id, region: v.region, segment: null, status: v.termination, amount: null, occurred_at: v.started_at }),
  CanonicalNetworkEventRecorded: (v) => ({ entity: 'network_event', record_key: v.network_event_id, region: v.region, segment: null, status: v.severity, amount: null, occurred_at: v.occurred_at }),
  CanonicalTicketRecorded: (v) => ({ entity: 'ticket', record_key: v.ticket_id, region: v.region, segment: null, status: v.status, amount: null, occurred_at: v.opened_at }),
};

export function isCanonicalEventName(name: string): name is CanonicalEventName {
  return Object.hasOwn(KEY_COLUMNS, name);
}

export type CanonicalRecordRow = RecordRefColumns<'source'> & {
  event_id: string;
  tenant_id: string;
  entity: string;
  record_key: string;
  region: string | null;
  segment: string | null;
  status: string | null;
  amount_minor: number | null;
  currency: string | null;
  occurred_at: string | null;
  topic: string;
  partition: number;
  kafka_offset: string;
  payload: string;
  trace_id: string | null;
  event_time: string;
};

export type TransformationRow = RecordRefColumns<'source'> & {
  event_id: string;
  tenant_id: string;
  entity: string;
  record_key: string;
  mapping_version: string | null;
  history: string;
  trace_id: string | null;
  event_time: string;
};

type AnyCanonical = CanonicalEvent & { source_record: RecordRef; transformations: Transformation[] };

function keyColumns(name: CanonicalEventName, value: CanonicalEvent): KeyColumns {
  return (KEY_COLUMNS[name] as (v: CanonicalEvent) => KeyColumns)(value);
}

/** canonical_records row: key columns for filters, the whole event as received (PII still ciphertext). */
export function canonicalRecordRow(name: CanonicalEventName, event: ProjectedEvent<CanonicalEvent>): CanonicalRecordRow {
  const v = event.value as AnyCanonical;
  const key = keyColumns(name, v);
  return {
    event_id: v.envelope.event_id,
    tenant_id: v.envelope.tenant_id,
    entity: key.entity,
    record_key: key.record_key,
    ...recordRefColumns('source', v.source_record),
    region: key.region,
    segment: key.segment,
    status: key.status,
    amount_minor: key.amount?.amount_minor ?? null,
    currency: key.amount?.currency ?? null,
    occurred_at: isoTimeOrNull(key.occurred_at),
    topic: event.topic,
    partition: event.partition,
    kafka_offset: event.offset,
    payload: json(v),
    trace_id: traceIdOf(event, v.envelope),
    event_time: isoTime(v.envelope.event_time),
  };
}

/** transformations row: the lineage of one canonical event (raw record it came from, field history). */
export function transformationRow(name: CanonicalEventName, event: ProjectedEvent<CanonicalEvent>): TransformationRow {
  const v = event.value as AnyCanonical;
  const key = keyColumns(name, v);
  const lineage: Lineage | null = v.envelope.lineage;
  return {
    event_id: v.envelope.event_id,
    tenant_id: v.envelope.tenant_id,
    entity: key.entity,
    record_key: key.record_key,
    ...recordRefColumns('source', v.source_record),
    mapping_version: lineage?.mapping_version ?? null,
    history: json(v.transformations),
    trace_id: traceIdOf(event, v.envelope),
    event_time: isoTime(v.envelope.event_time),
  };
}
