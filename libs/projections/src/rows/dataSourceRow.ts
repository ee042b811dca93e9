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

export interface DataSourceRow {
  tenant_id: string;
  source_system: string;
  entity: string;
  topic: string;
  first_seen_at: string;
  last_seen_at: string;
  last_ingest_at: string;
  record_count: number;
}

/** One raw record's contribution to its data source's row. */
export function dataSourceRow(name: RawEventName, event: ProjectedEvent<{ envelope: Envelope }>): DataSourceRow {
  const e = event.value.envelope;
  return {
    tenant_id: e.tenant_id,
    source_system: e.source_system,
    entity: RAW_ENTITY[name],
    topic: event.topic,
    first_seen_at: isoTime(e.event_time),
    last_seen_at: isoTime(e.event_time),
    last_ingest_at: isoTime(e.ingest_time),
    record_count: 1,
  };
}

/**
 * Folds contributions into one row per (tenant, source, entity), so one upsert statement never touches a
 * row twice (PostgreSQL refuses that in `on conflict do update`). ISO UTC strings compare as times.
 */
export function foldDataSourceRows(rows: readonly DataSourceRow[]): DataSourceRow[] {
  const byKey = new Map<string, DataSourceRow>();
  for (const row of rows) {
    const key = `${row.tenant_id}\u0000${row.source_system}\u0000${row.entity}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? {
            ...row,
            first_seen_at: seen.first_seen_at < row.first_seen_at ? seen.first_seen_at : row.first_seen_at,
            last_seen_at: seen.last_seen_at > row.last_seen_at ? seen.last_seen_at : row.last_seen_at,
            last_ingest_at: seen.last_ingest_at > row.last_ingest_at ? seen.last_ingest_at : row.last_ingest_at,
            record_count: seen.record_count + row.record_count,
          }
        : row,
    );
  }
  return [...byKey.values()];
}
