import type { Knex } from 'knex';
import { lastChangePerEntity, type EntityChange, type EntityMemberRow, type EntityRow } from '../rows/entityChange.js';
import { chunked } from './insertRows.js';

type Key = [tenantId: string, entityId: string];

/**
 * Latest state per entity. An update applies only over a lower version ("readers ignore lower versions"),
 * and then replaces the entity's member set; a tombstone deletes the entity and its members.
 */
export async function writeEntities(tx: Knex.Transaction, changes: readonly EntityChange[]): Promise<void> {
  if (changes.length === 0) return;
  const last = lastChangePerEntity(changes);
  const removed: Key[] = [];
  const upserts: { entity: EntityRow; members: EntityMemberRow[] }[] = [];
  for (const c of last) {
    if (c.kind === 'remove') removed.push([c.tenantId, c.entityId]);
    else upserts.push(c);
  }
  for (const keys of chunked(removed)) {
    await tx('entity_members').whereIn(['tenant_id', 'entity_id'], keys).delete();
    await tx('entities').whereIn(['tenant_id', 'entity_id'], keys).delete();
  }
  for (const chunk of chunked(upserts)) {
    const rows = chunk.map((u) => u.entity);
    const columns = Object.keys(rows[0]!).filter((c) => c !== 'tenant_id' && c !== 'entity_id');
    const applied: { tenant_id: string; entity_id: string }[] = await tx('entities')
      .insert(rows)
      .onConflict(['tenant_id', 'entity_id'])
      .merge([...columns, 'updated_at'].reduce<Record<string, Knex.Raw>>((set, c) => ({ ...set, [c]: c === 'updated_at' ? tx.raw('now()') : tx.raw('??', [`excluded.${c}`]) }), {}))
      .where('entities.version', '<', tx.raw('excluded.version'))
      .returning(['tenant_id', 'entity_id']);
    if (applied.length === 0) continue;
    const appliedKeys = new Set(applied.map((a) => `${a.tenant_id}/${a.entity_id}`));
    const members = chunk.filter((u) => appliedKeys.has(`${u.entity.tenant_id}/${u.entity.entity_id}`)).flatMap((u) => u.members);
    await tx('entity_members').whereIn(['tenant_id', 'entity_id'], applied.map((a): Key => [a.tenant_id, a.entity_id])).delete();
    for (const memberChunk of chunked(members)) await tx('entity_members').insert(memberChunk);
  }
}
