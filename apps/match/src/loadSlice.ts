import { emptyState, entityIdFor, type EntityEntry, type PartyRecord, type ResolutionState } from '@rivulet/matching';
import type { Knex } from 'knex';

interface RecordRow {
  party_key: string;
  record: PartyRecord;
  entity_id: string;
  review_link: string | null;
}

interface EntityRow {
  entity_id: string;
  members: string[];
  membership: EntityEntry['membership'];
  version: number;
  active: boolean;
  merged_into: string | null;
}

const mk = (tenant: string, partyKey: string) => `${tenant}/${partyKey}`;
const pk = (tenant: string, memberKey: string) => memberKey.slice(tenant.length + 1);

/**
 * Loads, inside the batch transaction, the part of one tenant's ResolutionState that `resolve` can read
 * for a record: the seeds (the record, its candidates, its old neighbours), every member of their
 * entities (closure: an entity's members are complete, and linking edges never cross entities, so this
 * covers everything a join, merge or split can move), their links, the review link and links of link
 * endpoints outside that set (resolve checks whether such a member has a MATCH link elsewhere), and the
 * entity rows whose id a recomputed component could take (entityIdFor of any member), so a revived id
 * continues its version count. Records come back as stored: personal fields still encrypted.
 */
export async function loadSlice(tx: Knex.Transaction, tenant: string, seeds: readonly string[]): Promise<ResolutionState> {
  const state = emptyState();
  const members = new Set<string>(seeds);
  const entityRows = new Map<string, EntityRow>();
  let frontier = [...members];
  while (frontier.length > 0) {
    const rows = (await tx('match_records')
      .where({ tenant_id: tenant })
      .whereIn('party_key', frontier)
      .select('party_key', 'record', 'entity_id', 'review_link')) as RecordRow[];
    const newEntities = new Set<string>();
    for (const row of rows) {
      const key = mk(tenant, row.party_key);
      state.records[key] = row.record;
      state.entityOf[key] = row.entity_id;
      if (row.review_link) state.reviewLink[key] = mk(tenant, row.review_link);
      if (!entityRows.has(row.entity_id)) newEntities.add(row.entity_id);
    }
    const loaded = await loadEntities(tx, tenant, [...newEntities]);
    frontier = [];
    for (const entity of loaded) {
      entityRows.set(entity.entity_id, entity);
      for (const m of entity.members) {
        const party = pk(tenant, m);
        if (!members.has(party)) {
          members.add(party);
          frontier.push(party);
        }
      }
    }
  }
  const candidateIds = [...members].map((p) => entityIdFor(mk(tenant, p))).filter((id) => !entityRows.has(id));
  for (const entity of await loadEntities(tx, tenant, candidateIds)) entityRows.set(entity.entity_id, entity);
  for (const e of entityRows.values()) {
    state.entities[e.entity_id] = { entity_id: e.entity_id, tenant_id: tenant, members: e.members, version: Number(e.version), active: e.active, merged_into: e.merged_into, membership: e.membership };
  }

  const memberList = [...members];
  const edges = await loadEdges(tx, tenant, memberList);
  const outside = new Set<string>();
  for (const e of edges) {
    addLink(state, tenant, e);
    for (const end of [e.a, e.b]) if (!members.has(end)) outside.add(end);
  }
  if (outside.size > 0) {
    const rows = (await tx('match_records').where({ tenant_id: tenant }).whereIn('party_key', [...outside]).select('party_key', 'review_link')) as Pick<RecordRow, 'party_key' | 'review_link'>[];
    const pointingIn: string[] = [];
    for (const row of rows) {
      if (!row.review_link) continue;
      state.reviewLink[mk(tenant, row.party_key)] = mk(tenant, row.review_link);
      if (members.has(row.review_link)) pointingIn.push(row.party_key);
    }
    for (const e of await loadEdges(tx, tenant, pointingIn)) addLink(state, tenant, e);
  }
  return state;
}

interface EdgeRow {
  a: string;
  b: string;
  score: number;
  matched_fields: string[];
}

async function loadEdges(tx: Knex.Transaction, tenant: string, partyKeys: string[]): Promise<EdgeRow[]> {
  if (partyKeys.length === 0) return [];
  return (await tx('match_edges')
    .where({ tenant_id: tenant })
    .andWhere((q) => q.whereIn('a', partyKeys).orWhereIn('b', partyKeys))
    .select('a', 'b', 'score', 'matched_fields')) as EdgeRow[];
}

async function loadEntities(tx: Knex.Transaction, tenant: string, ids: string[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return (await tx('match_entities')
    .where({ tenant_id: tenant })
    .whereIn('entity_id', ids)
    .select('entity_id', 'members', 'membership', 'version', 'active', 'merged_into')) as EntityRow[];
}

function addLink(state: ResolutionState, tenant: string, e: EdgeRow): void {
  const a = mk(tenant, e.a);
  const b = mk(tenant, e.b);
  const score = { probability: Number(e.score), matched_fields: e.matched_fields };
  (state.links[a] ??= {})[b] = score;
  (state.links[b] ??= {})[a] = score;
}
