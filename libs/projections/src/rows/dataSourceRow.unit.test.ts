import { describe, expect, it } from 'vitest';
import { crmCustomer, projected, T0 } from '../testing/events.js';
import { dataSourceRow, foldDataSourceRows, isRawEventName } from './dataSourceRow.js';

describe('data source rows', () => {
  const at = (ms: number) => new Date(ms).toISOString();

  it('given a raw CRM customer, when building, then it counts one record of crm/customer', () => {
    const row = dataSourceRow('CrmCustomerRecordReceived', projected(crmCustomer(), { topic: 'raw.crm.customer' }));
    expect(row).toEqual({ tenant_id: 'tenant-a', source_system: 'crm', entity: 'customer', topic: 'raw.crm.customer', first_seen_at: at(T0), last_seen_at: at(T0), last_ingest_at: at(T0 - 1_000), record_count: 1 });
  });

  it('given records out of time order, when folding, then first/last seen are min/max and counts add up', () => {
    const rows = [T0, T0 - 5_000, T0 + 5_000].map((t) => dataSourceRow('CrmCustomerRecordReceived', projected(crmCustomer({ event_time: t, ingest_time: t }))));
    const other = dataSourceRow('CrmCustomerRecordReceived', projected(crmCustomer({ tenant_id: 'tenant-b' })));
    expect(foldDataSourceRows([...rows, other])).toEqual([
      expect.objectContaining({ tenant_id: 'tenant-a', first_seen_at: at(T0 - 5_000), last_seen_at: at(T0 + 5_000), last_ingest_at: at(T0 + 5_000), record_count: 3 }),
      expect.objectContaining({ tenant_id: 'tenant-b', record_count: 1 }),
    ]);
  });

  it('knows which event names are raw', () => {
    expect(isRawEventName('OssTicketRecordReceived')).toBe(true);
    expect(isRawEventName('CanonicalTicketRecorded')).toBe(false);
  });
});
