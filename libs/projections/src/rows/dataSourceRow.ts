import type { Envelope, EventMap } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { isoTime } from './columns.js';

export type RawEventName = Extract<keyof EventMap, `${string}RecordReceived`>;

/** Source entity of each raw event (docs/raw-records.md), independent of the topic's name. */
const RAW_ENTITY: Record<RawEventName, string> = {
  CrmCustomerRecordReceived: 'customer',
  ErpAccountRecordReceived: 'account',
  ErpOrderRecordReceived: 'order',
  BillingInvoiceRecordReceived: 'invoice',
  BillingPaymentRecordReceived: 'payment',
  CdrCallRecordReceived: 'call',
  OssNetworkEventRecordReceived: 'network_event',
  OssTicketRecordReceived: 'ticket',
};

export function isRawEventName(name: string): name is RawEventName {
  return Object.hasOwn(RAW_ENTITY, name);
}

/** One raw record seen: what it tells about its data source. */
export interface DataSourceContribution {
  event_id: string;
  tenant_id: string;
  source_system: string;
  entity: string;
  topic: string;
  first_seen_at: string;
  last_seen_at: string;
  last_ingest_at: string;
}

/** A data_sources row (or the part of one a batch adds). */
export type DataSourceRow = Omit<DataSourceContribution, 'event_id'> & { record_count: number };

export function dataSourceContribution(name: RawEventName, event: ProjectedEvent<{ envelope: Envelope }>): DataSourceContribution {
  const e = event.value.envelope;
  return {
    event_id: e.event_id,
    tenant_id: e.tenant_id,
    source_system: e.source_system,
    entity: RAW_ENTITY[name],
    topic: event.topic,
    first_seen_at: isoTime(e.event_time),
    last_seen_at: isoTime(e.event_time),
    last_ingest_at: isoTime(e.ingest_time),
  };
}

/**
 * Folds contributions into one row per (tenant, source, entity), so one upsert statement never touches a
 * row twice (PostgreSQL refuses that in `on conflict do update`). `record_count` counts the distinct event
 * ids `isNew` accepts (not seen in an earlier batch), so a record version re-ingested or replayed counts
 * once; first/last seen are min/max, which a repeat cannot change. ISO UTC strings compare as times.
 */
export function foldDataSourceRows(contributions: readonly DataSourceContribution[], isNew: (eventId: string) => boolean = () => true): DataSourceRow[] {
  const byKey = new Map<string, DataSourceRow>();
  const counted = new Set<string>();
  for (const { event_id, ...c } of contributions) {
    const fresh = isNew(event_id) && !counted.has(event_id);
    if (fresh) counted.add(event_id);
    const key = `${c.tenant_id}\u0000${c.source_system}\u0000${c.entity}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? {
            ...c,
            first_seen_at: seen.first_seen_at < c.first_seen_at ? seen.first_seen_at : c.first_seen_at,
            last_seen_at: seen.last_seen_at > c.last_seen_at ? seen.last_seen_at : c.last_seen_at,
            last_ingest_at: seen.last_ingest_at > c.last_ingest_at ? seen.last_ingest_at : c.last_ingest_at,
            record_count: seen.record_count + (fresh ? 1 : 0),
          }
        : { ...c, record_count: fresh ? 1 : 0 },
    );
  }
  return [...byKey.values()];
}
