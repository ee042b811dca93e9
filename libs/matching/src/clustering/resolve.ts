import { entityIdFor } from '../deterministicId.js';
import type { GoldenUpdate, MatchCandidate, MatchDecisionMade } from '../events.js';
import { defaultGoldenConfig, type GoldenConfig } from '../golden/goldenConfig.js';
import { InvalidRecordError } from '../matchingError.js';
import { memberKey, type PartyRecord } from '../partyRecord.js';
import { defaultDecisionConfig, type DecisionConfig } from '../scoring/classify.js';
import type { MatchModel } from '../scoring/matchModel.js';
import { connectedComponents } from './connectedComponents.js';
import { affectedMembers, linkingNeighbours } from './linkGraph.js';
import {
  applyStateChanges,
  linkKey,
  type EntityEntry,
  type ResolutionState,
  type StateChanges,
} from './resolutionState.js';
import { decisionEvent, goldenUpdates, type ResolveContext } from './resolveOutputs.js';

/** A stored record the new record was compared with (found by blocking, scored by scorePair). */
export interface ScoredCandidate {
  tenant_id: string;
  party_key: string;
  probability: number;
  matched_fields: string[];
}

export interface ResolveConfig extends DecisionConfig {
  golden: GoldenConfig;
  /** Attach a record whose best score is in the review band to that candidate's entity (flagged REVIEW). */
  review_joins: boolean;
}

export const defaultResolveConfig: ResolveConfig = { ...defaultDecisionConfig, golden: defaultGoldenConfig, review_joins: true };

export interface ResolveResult {
  state: ResolutionState;
  decisions: MatchDecisionMade[];
  goldenUpdates: GoldenUpdate[];
  stateChanges: StateChanges;
}

/**
 * Incremental entity resolution of one (new or updated) record. The candidates are the record's complete,
 * current scores: links of the record that are not among them are dropped, which is how an update that
 * changes the linking field splits an entity. Entities are recomputed as connected components of the link
 * graph around the change (see linkGraph), so joins, transitive merges and splits are one mechanism.
 * Entity ids are entityIdFor(smallest member key): a function of membership, not of arrival order.
 */
export function resolve(
  state: ResolutionState,
  record: PartyRecord,
  candidates: readonly ScoredCandidate[],
  model: Pick<MatchModel, 'version'>,
  config: ResolveConfig = defaultResolveConfig,
  ctx: ResolveContext = {},
): ResolveResult {
  if (!record.tenant_id || !record.party_key) throw new InvalidRecordError('record needs tenant_id and party_key');
  const now = ctx.now ?? record.event_time;
  const key = memberKey(record);
  const changes: StateChanges = { records: { [key]: record }, links: {}, reviewLink: {}, entityOf: {}, entities: {} };

  const oldNeighbours = Object.keys(state.links[key] ?? {});
  for (const other of oldNeighbours) changes.links[linkKey(key, other)] = null;
  const best = new Map<string, ScoredCandidate>();
  for (const c of candidates) {
    const ck = memberKey(c);
    // Tenants never match each other, even if a caller passes such a candidate.
    if (c.tenant_id !== record.tenant_id || ck === key || !state.records[ck]) continue;
    if ((best.get(ck)?.probability ?? -1) < c.probability) best.set(ck, c);
  }
  const kept = [...best].filter(([, c]) => c.probability >= config.review_threshold);
  for (const [ck, c] of kept) changes.links[linkKey(key, ck)] = { probability: c.probability, matched_fields: c.matched_fields };
  const strong = kept.some(([, c]) => c.probability >= config.confidence_threshold);
  const review = kept
    .filter(() => config.review_joins && !strong)
    .sort(([ka, a], [kb, b]) => b.probability - a.probability || (ka < kb ? -1 : 1))[0];
  if (review) changes.reviewLink[key] = review[0];
  else if (state.reviewLink[key] !== undefined) changes.reviewLink[key] = null;

  const next = applyStateChanges(state, changes);
  const affected = affectedMembers(next, [key, ...oldNeighbours, ...best.keys()], config);
  const edges: [string, string][] = [];
  for (const n of affected) for (const m of linkingNeighbours(next, n, config)) if (n < m) edges.push([n, m]);
  const components = connectedComponents(affected, edges);

  const newEntityOf = new Map<string, string>();
  for (const comp of components) for (const m of comp) newEntityOf.set(m, entityIdFor(comp[0]!));
  const confidenceOf = (m: string): number => {
    const ps = linkingNeighbours(next, m, config).map((o) => next.links[m]?.[o]?.probability ?? 0);
    return ps.length > 0 ? Math.max(...ps) : 1;
  };

  const golden: GoldenUpdate[] = [];
  for (const comp of components) {
    const id = entityIdFor(comp[0]!);
    const old = next.entities[id];
    const same = old?.active && old.members.join('\n') === comp.join('\n') && !comp.includes(key);
    if (same) continue;
    const membership: EntityEntry['membership'] = {};
    for (const m of comp) {
      const kept = next.entityOf[m] === id && m !== key ? old?.membership[m] : undefined;
      membership[m] = kept ?? { confidence: confidenceOf(m), joined_at: now };
      if (next.entityOf[m] !== id) changes.entityOf[m] = id;
    }
    const entry: EntityEntry = {
      entity_id: id,
      tenant_id: record.tenant_id,
      members: comp,
      version: (old?.version ?? 0) + 1,
      active: true,
      merged_into: null,
      membership,
    };
    changes.entities[id] = entry;
    golden.push(...goldenUpdates(entry, next.records, config.golden, record.event_time, ctx));
  }

  const newIds = new Set(newEntityOf.values());
  const oldIds = new Set([...affected].map((m) => next.entityOf[m]).filter((e): e is string => e !== undefined));
  for (const oldId of [...oldIds].sort()) {
    const old = next.entities[oldId];
    if (newIds.has(oldId) || !old) continue;
    const retired: EntityEntry = {
      ...old,
      version: old.version + 1,
      active: false,
      merged_into: newEntityOf.get(old.members[0]!) ?? null,
    };
    golden.push(...goldenUpdates(retired, next.records, config.golden, record.event_time, ctx, old.members));
    changes.entities[oldId] = { ...retired, members: [], membership: {} };
  }

  const decisions: MatchDecisionMade[] = [];
  const entityNow = (k: string) => newEntityOf.get(k) ?? next.entityOf[k] ?? '';
  const ownId = entityNow(key);
  const byEntity = new Map<string, MatchCandidate>();
  for (const [ck, c] of best) {
    const e = entityNow(ck);
    const cur = byEntity.get(e) ?? { entity_id: e, score: 0, matched_fields: [] };
    byEntity.set(e, {
      entity_id: e,
      score: Math.max(cur.score, c.probability),
      matched_fields: [...new Set([...cur.matched_fields, ...c.matched_fields])].sort(),
    });
  }
  const ranked = [...byEntity.values()].sort((a, b) => b.score - a.score || (a.entity_id < b.entity_id ? -1 : 1));
  const ownLinkP = linkingNeighbours(next, key, config).map((o) => next.links[key]?.[o]?.probability ?? 0);
  const bestLink = ownLinkP.length > 0 ? Math.max(...ownLinkP) : 0;
  const alone = components.find((c) => c.includes(key))!.length === 1;
  const previousId = state.entityOf[key] !== undefined && state.entityOf[key] !== ownId ? state.entityOf[key]! : null;
  const leftGroup = (state.entities[state.entityOf[key] ?? '']?.members.length ?? 0) > 1;
  const matcherVersion = `${model.version}@${config.confidence_threshold}/${config.review_threshold}`;
  decisions.push(
    decisionEvent(
      {
        member: record,
        trigger: record,
        entityId: ownId,
        previous: previousId,
        // A record that an update pulled out of a multi-member entity leaves it: SPLIT, not NEW.
        decision: alone ? (leftGroup ? 'SPLIT' : 'NEW') : bestLink >= config.confidence_threshold ? 'MATCH' : 'REVIEW',
        confidence: alone ? 1 - Math.max(0, ...[...best.values()].map((c) => c.probability)) : bestLink,
        candidates: ranked,
        matcherVersion,
      },
      ctx,
    ),
  );
  for (const m of [...affected].sort()) {
    const before = next.entityOf[m];
    const after = newEntityOf.get(m)!;
    if (m === key || before === undefined || before === after) continue;
    const oldMembers = next.entities[before]?.members ?? [];
    const together = new Set(oldMembers.map((x) => newEntityOf.get(x))).size === 1;
    decisions.push(
      decisionEvent(
        {
          member: next.records[m]!,
          trigger: record,
          entityId: after,
          previous: before,
          decision: newIds.has(before) || !together ? 'SPLIT' : 'MATCH',
          confidence: changes.entities[after]?.membership[m]?.confidence ?? 1,
          candidates: [],
          matcherVersion,
        },
        ctx,
      ),
    );
  }
  return { state: applyStateChanges(state, changes), decisions, goldenUpdates: golden, stateChanges: changes };
}
