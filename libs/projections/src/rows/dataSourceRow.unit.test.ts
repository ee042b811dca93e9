import { describe, expect, it } from 'vitest';
import { crmCustomer, projected, T0 } from '../testing/events.js';
import { dataSourceContribution, foldDataSourceRows, isRawEventName } from './dataSourceRow.js';

describe('data source rows', () => {
  const at = (ms: number) => new Date(ms).toISOString();
  const seen = (over: Parameters<typeof crmCustomer>[0] = {}) => dataSourceContribution('CrmCustomerRecordReceived', projected(crmCustomer(over), { topic: 'raw.crm.customer' }));

  it('given a raw CRM customer, when folding, then it counts one record of crm/customer', () => {
    expect(foldDataSourceRows([seen()])).toEqual([
      { tenant_id: 'tenant-a', source_system: 'crm', entity: 'customer', topic: 'raw.crm.customer', first_seen_at: at(T0), last_seen_at: at(T0), last_ingest_at: at(T0 - 1_000), record_count: 1 },
    ]);
  });

  it('given records out of time order, when folding, then first/last seen are min/max and counts add up per source', () => {
    const rows = [T0, T0 - 5_000, T0 + 5_000].map((t, i) => seen({ event_id: `e${i}`, event_time: t, ingest_time: t }));
    expect(foldDataSourceRows([...rows, seen({ tenant_id: 'tenant-b' })])).toEqual([
      expect.objectContaining({ tenant_id: 'tenant-a', first_seen_at: at(T0 - 5_000), last_seen_at: at(T0 + 5_000), last_ingest_at: at(T0 + 5_000), record_count: 3 }),
      expect.objectContaining({ tenant_id: 'tenant-b', record_count: 1 }),
    ]);
  });

  it('given a repeated event id or one seen in an earlier batch, when folding, then it is not counted again', () => {
    const rows = [seen({ event_id: 'e1' }), seen({ event_id: 'e1' }), seen({ event_id: 'old', event_time: T0 - 9_000 })];
    expect(foldDataSourceRows(rows, (id) => id !== 'old')).toEqual([expect.objectContaining({ record_count: 1, first_seen_at: at(T0 - 9_000) })]);
  });

  it('knows which event names are raw', () => {
    expect(isRawEventName('OssTicketRecordReceived')).toBe(true);
    expect(isRawEventName('CanonicalTicketRecorded')).toBe(false);
  });
});
