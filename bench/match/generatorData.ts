import { generateRecords } from '@rivulet/generator';
import { applyMapping, loadMappings, mappingFor } from '@rivulet/transform';
import type { PartyRecord } from '@rivulet/matching';
import type { LabelledRecord } from './febrl.js';

const PARTY_TOPICS = new Set(['raw.crm.customer', 'raw.erp.account', 'raw.billing.invoice']);

/**
 * Party records of a generated dataset, normalised with the transform's own mappings (config/mappings), each
 * labelled with the generator's truth: entityId, or contactEntityId for an ERP account's contact person.
 */
export function loadGenerated(records: number, seed = 42, tenantId = 'bench'): LabelledRecord[] {
  const catalog = loadMappings();
  const out: LabelledRecord[] = [];
  let offset = 0;
  for (const g of generateRecords({ records, seed })) {
    offset++;
    if (!PARTY_TOPICS.has(g.topic)) continue;
    const mapping = mappingFor(catalog, g.topic);
    let result: ReturnType<typeof applyMapping>;
    try {
      result = applyMapping(mapping, g.record as Record<string, unknown>, {
        origin: { topic: g.topic, partition: 0, offset },
        tenantId,
        now: 0,
      });
    } catch {
      // Records the transform rejects (planted defects) go to its DLQ and never reach matching.
      continue;
    }
    for (const o of result.outputs) {
      if (o.eventName !== 'CanonicalPartyRecorded') continue;
      const v = o.value as Record<string, any>;
      const entity = o.role === 'account_contact' ? (g.truth.contactEntityId ?? g.truth.entityId) : g.truth.entityId;
      if (!entity) continue;
      const record: PartyRecord = {
        ...(v as object),
        tenant_id: v.envelope.tenant_id,
        source_system: v.source_record.source_system,
        event_time: v.updated_at ?? v.envelope.event_time ?? offset,
        event_id: v.envelope.event_id,
      } as PartyRecord;
      out.push({ record, entity });
    }
  }
  return out;
}
