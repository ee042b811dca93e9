import type { PartyRecord, ResolutionState, StateChanges } from '@rivulet/matching';
import type { Knex } from 'knex';
import type { BlockIndexEntry } from './blockIndex.js';

const pk = (tenant: string, memberKey: string) => memberKey.slice(tenant.length + 1);

/**
 * Writes one resolve call's delta for one tenant. `stored` is the incoming record as it arrived (personal
 * fields encrypted): the clear copy resolve worked on is never written. `before` is the slice resolve was
 * given, for the record's entity and review link when the delta leaves them unchanged.
 */
export async function writeChanges(
  tx: Knex.Transaction,
  input: { tenant: string; stored: PartyRecord; before: ResolutionState; changes: StateChanges; blockEntries: BlockIndexEntry[] },
): Promise<void> {
  const { tenant, stored, before, changes } = input;
  const key = `${tenant}/${stored.party_key}`;
  const entityId = changes.entityOf[key] ?? before.entityOf[key];
  const reviewLink = key in changes.reviewLink ? changes.reviewLink[key] : before.reviewLink[key];
  await tx('match_records')
    .insert({
      tenant_id: tenant,
      party_key: stored.party_key,
      record: JSON.stringify(stored),
      entity_id: entityId,
      review_link: reviewLink ? pk(tenant, reviewLink) : null,
      event_time: stored.event_time,
    })
    .onConflict(['tenant_id', 'party_key'])
    .merge(['record', 'entity_id', 'review_link', 'event_time', 'updated_at']);

  const byEntity = new Map<string, string[]>();
  for (const [member, entity] of Object.entries(changes.entityOf)) {
    if (member === key) continue;
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), pk(tenant, member)]);
  }
  for (const [entity, parties] of byEntity) {
    await tx('match_records').where({ tenant_id: tenant }).whereIn('party_key', parties).update({ entity_id: entity, updated_at: tx.fn.now() });
  }
  for (const [member, target] of Object.entries(changes.reviewLink)) {
    if (member === key) continue;
    await tx('match_records').where({ tenant_id: tenant, party_key: pk(tenant, member) }).update({ review_link: target ? pk(tenant, target) : null });
  }

  const upserts: Record<string, unknown>[] = [];
  for (const [linkKey, score] of Object.entries(changes.links)) {
    const [a = '', b = ''] = linkKey.split('\u0000').map((m) => pk(tenant, m));
    if (score === null) await tx('match_edges').where({ tenant_id: tenant, a, b }).del();
    else upserts.push({ tenant_id: tenant, a, b, score: score.probability, matched_fields: JSON.stringify(score.matched_fields) });
  }
  if (upserts.length > 0) await tx('match_edges').insert(upserts).onConflict(['tenant_id', 'a', 'b']).merge(['score', 'matched_fields']);

  const entities = Object.values(changes.entities).map((e) => ({
    tenant_id: tenant,
    entity_id: e.entity_id,
    members: JSON.stringify(e.members),
    membership: JSON.stringify(e.membership),
    version: e.version,
    active: e.active,
    merged_into: e.merged_into,
  }));
  if (entities.length > 0) {
    await tx('match_entities').insert(entities).onConflict(['tenant_id', 'entity_id']).merge(['members', 'membership', 'version', 'active', 'merged_into', 'updated_at']);
  }

  // A party seen for the first time has no block keys yet (they are written only here, with its record).
  if (before.records[key] !== undefined) await tx('match_block_keys').where({ tenant_id: tenant, party_key: stored.party_key }).del();
  if (input.blockEntries.length > 0) {
    await tx('match_block_keys').insert(input.blockEntries.map((b) => ({ tenant_id: tenant, block_key: b.blockKey, party_key: stored.party_key, sort_key: b.sortKey }))).onConflict().ignore();
  }
}
