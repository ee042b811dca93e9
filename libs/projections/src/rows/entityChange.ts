import { parseKey, type GoldenEntityUpdated } from '@rivulet/contracts';
import type { ProjectedEvent } from '@rivulet/runtime';
import { traceIdOf } from '../traceIdOf.js';
import { isoTime, json, recordRefColumns, type RecordRefColumns } from './columns.js';

export interface EntityRow {
  tenant_id: string;
  entity_id: string;
  status: 'ACTIVE' | 'MERGED';
  merged_into: string | null;
  golden: string;
  version: number;
  merge_strategy: string;
  member_count: number;
  region: string | null;
  segment: string | null;
  last_event_id: string;
  trace_id: string | null;
  event_time: string;
}

export type EntityMemberRow = RecordRefColumns<'record'> & {
  tenant_id: string;
  entity_id: string;
  member_key: string;
  confidence: number;
  joined_at: string;
};

/** What one value of the compacted entities.golden topic does to the read model. */
export type EntityChange =
  | { kind: 'upsert'; entity: EntityRow; members: EntityMemberRow[] }
  | { kind: 'remove'; tenantId: string; entityId: string };

/**
 * A tombstone (null value, key `<tenant>/<entity_id>`) removes the entity and its members. Deleting (rather
 * than keeping a "merged" row) is what a rebuild reproduces: compaction drops the values before a tombstone
 * and, later, the tombstone itself, so a replay never sees them. `merged_into` is readable on the last value
 * before the tombstone (status MERGED) until then.
 */
export function entityChange(event: ProjectedEvent<GoldenEntityUpdated | null>): EntityChange {
  const v = event.value;
  if (v === null) {
    const { tenantId, id } = parseKey(event.key ?? '');
    return { kind: 'remove', tenantId, entityId: id };
  }
  const members = new Map<string, EntityMemberRow>();
  for (const m of v.members) {
    const memberKey = `${m.record.source_system}:${m.record.entity}:${m.record.record_id}`;
    members.set(memberKey, {
      tenant_id: v.tenant_id,
      entity_id: v.entity_id,
      member_key: memberKey,
      ...recordRefColumns('record', m.record),
      source_system: m.source_system,
      confidence: m.confidence,
      joined_at: isoTime(m.joined_at),
    });
  }
  return {
    kind: 'upsert',
    entity: {
      tenant_id: v.tenant_id,
      entity_id: v.entity_id,
      status: v.merged_into === null ? 'ACTIVE' : 'MERGED',
      merged_into: v.merged_into,
      golden: json(v.golden),
      version: v.version,
      merge_strategy: v.merge_strategy,
      member_count: members.size,
      region: v.golden.region,
      segment: v.golden.segment,
      last_event_id: v.envelope.event_id,
      trace_id: traceIdOf(event, v.envelope),
      event_time: isoTime(v.envelope.event_time),
    },
    members: [...members.values()],
  };
}

/**
 * The change per entity a batch ends with: values of one key arrive in offset order on one partition. A
 * tombstone removes whatever came before it; among the values after it the highest version wins (the
 * topic's contract: readers ignore lower versions; on a tie the later one).
 */
export function lastChangePerEntity(changes: readonly EntityChange[]): EntityChange[] {
  const byKey = new Map<string, EntityChange>();
  for (const c of changes) {
    const key = c.kind === 'remove' ? `${c.tenantId}/${c.entityId}` : `${c.entity.tenant_id}/${c.entity.entity_id}`;
    const seen = byKey.get(key);
    if (c.kind === 'upsert' && seen?.kind === 'upsert' && seen.entity.version > c.entity.version) continue;
    byKey.delete(key); // re-insert so the map keeps the order of last occurrence
    byKey.set(key, c);
  }
  return [...byKey.values()];
}
