import type { CanonicalPartyRecorded, EventSchema } from '@rivulet/contracts';
import {
  deterministicUuid,
  prepareRecord,
  resolve,
  scorePair,
  type ComparisonVector,
  type GoldenUpdate,
  type MatchDecisionMade,
  type MatchModel,
  type PartyRecord,
  type ScoredCandidate,
} from '@rivulet/matching';
import type { OutboxMessage } from '@rivulet/outbox';
import { revealRecord, type PiiCipher } from '@rivulet/pii';
import type { Codec, ProjectedEvent } from '@rivulet/runtime';
import type { Knex } from 'knex';
import { blockIndexEntries, probeSortKey } from './blockIndex.js';
import { findCandidates } from './findCandidates.js';
import { loadSlice } from './loadSlice.js';
import { resolveConfigFor, type MatchSettings } from './matchSettings.js';
import type { ModelStore } from './modelStore.js';
import { partyRecordOf } from './partyRecordOf.js';
import { protectGolden } from './protectGolden.js';
import { writeChanges } from './writeChanges.js';

export interface MatchTopics {
  decisions: string;
  golden: string;
}

export interface MatchDeps {
  cipher: PiiCipher;
  codec: Codec;
  /** CanonicalPartyRecorded: its `pii` marks say which PartyRecord fields to reveal (same names). */
  partySchema: EventSchema;
  settings: MatchSettings;
  models: ModelStore;
  topics: MatchTopics;
  now: () => number;
}

export interface RecordOutcome {
  tenant: string;
  comparisons: number;
  decisions: MatchDecisionMade[];
  /** Comparison vectors for the tenant's EM training: the caller saves a batch's vectors in one insert. */
  vectors: ComparisonVector[];
  outbox: OutboxMessage[];
}

/** The tenant's match model as the caller reads it (once per tenant and batch, under the tenant lock). */
export type ModelOf = (tenant: string) => Promise<MatchModel>;

/** Header carrying the deterministic event id, so consumers can dedupe without decoding (and tombstones have one). */
export const EVENT_ID_HEADER = 'rivulet.event-id';

/**
 * Matches one canonical party inside the batch transaction (tenant lock already held): blocking lookup,
 * load and reveal the slice, score, resolve, write the state delta and return the encoded events for the
 * outbox and the comparison vectors (the caller writes both, batched). Clear personal data exists only in
 * this call's memory.
 */
export async function matchRecord(tx: Knex.Transaction, deps: MatchDeps, event: ProjectedEvent, modelOf: ModelOf): Promise<RecordOutcome> {
  const stored = partyRecordOf(event.value as CanonicalPartyRecorded);
  const tenant = stored.tenant_id;
  const config = resolveConfigFor(deps.settings, tenant);
  const reveal = async (r: PartyRecord) => (await revealRecord(deps.partySchema, r as unknown as Record<string, unknown>, tenant, deps.cipher)).record as unknown as PartyRecord;

  const probe = prepareRecord(await reveal(stored));
  const hash = (t: string, v: string) => deps.cipher.keyedHash(t, v);
  const entries = blockIndexEntries(probe, hash, deps.settings.blocking);
  const candidateKeys = await findCandidates(tx, tenant, { partyKey: stored.party_key, sortKey: probeSortKey(probe, hash), entries }, deps.settings.blocking);
  const oldNeighbours = (await tx('match_edges').where({ tenant_id: tenant }).andWhere((q) => q.where('a', stored.party_key).orWhere('b', stored.party_key)).select('a', 'b')) as { a: string; b: string }[];
  const seeds = [stored.party_key, ...candidateKeys, ...oldNeighbours.map((e) => (e.a === stored.party_key ? e.b : e.a))];

  const slice = await loadSlice(tx, tenant, seeds);
  const storedByParty = new Map<string, PartyRecord>([[stored.party_key, stored]]);
  const clear = { ...slice, records: { ...slice.records, [`${tenant}/${stored.party_key}`]: probe.record } };
  for (const [key, record] of Object.entries(slice.records)) {
    if (record.party_key === stored.party_key) continue;
    storedByParty.set(record.party_key, record);
    clear.records[key] = await reveal(record);
  }

  const model = await modelOf(tenant);
  const scored: ScoredCandidate[] = [];
  const vectors: ComparisonVector[] = [];
  for (const party of candidateKeys) {
    const other = clear.records[`${tenant}/${party}`];
    if (!other) continue;
    const pair = scorePair(probe, prepareRecord(other), model, config);
    vectors.push(pair.vector);
    scored.push({ tenant_id: tenant, party_key: party, probability: pair.probability, matched_fields: pair.matchedFields });
  }

  const result = resolve(clear, probe.record, scored, model, config, {
    now: deps.now(),
    lineage: { origin_topic: event.topic, origin_partition: event.partition, origin_offset: Number(event.offset), mapping_version: null },
    // Without a tracer the span context is all zeros, which is no trace at all.
    trace_id: event.traceId && !/^0+$/.test(event.traceId) ? event.traceId : null,
  });
  await writeChanges(tx, { tenant, stored, before: slice, changes: result.stateChanges, blockEntries: entries });

  const headers = (id: string): Record<string, string> => ({ [EVENT_ID_HEADER]: id, ...(event.headers.traceparent ? { traceparent: event.headers.traceparent } : {}) });
  const outbox: OutboxMessage[] = [];
  for (const d of result.decisions) {
    outbox.push({ topic: deps.topics.decisions, key: `${tenant}/${d.entity_id}`, value: await deps.codec.encode(`${deps.topics.decisions}-value`, d), headers: headers(d.envelope.event_id) });
  }
  outbox.push(...(await goldenMessages(deps, result.goldenUpdates, storedByParty, headers)));
  return { tenant, comparisons: scored.length, decisions: result.decisions, vectors, outbox };
}

async function goldenMessages(
  deps: MatchDeps,
  updates: readonly GoldenUpdate[],
  storedByParty: ReadonlyMap<string, PartyRecord>,
  headers: (id: string) => Record<string, string>,
): Promise<OutboxMessage[]> {
  const out: OutboxMessage[] = [];
  let previous: GoldenUpdate | undefined;
  for (const update of updates) {
    if (update.value === null) {
      // A tombstone has no envelope; its id derives from the value it follows, so a re-publish repeats it.
      const id = deterministicUuid('entities.golden.tombstone', previous?.value?.envelope.event_id ?? update.key);
      out.push({ topic: deps.topics.golden, key: update.key, value: null, headers: headers(id) });
    } else {
      const value = protectGolden(update.value, update.provenance, storedByParty);
      out.push({ topic: deps.topics.golden, key: update.key, value: await deps.codec.encode(`${deps.topics.golden}-value`, value), headers: headers(value.envelope.event_id) });
    }
    previous = update;
  }
  return out;
}
