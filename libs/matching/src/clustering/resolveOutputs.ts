import { deterministicUuid } from '../deterministicId.js';
import type {
  Envelope,
  GoldenEntityUpdated,
  GoldenUpdate,
  Lineage,
  MatchCandidate,
  MatchDecision,
  MatchDecisionMade,
} from '../events.js';
import { buildGolden } from '../golden/buildGolden.js';
import { avroMergeStrategy, type GoldenConfig } from '../golden/goldenConfig.js';
import type { PartyRecord, RecordRef } from '../partyRecord.js';
import type { EntityEntry } from './resolutionState.js';

export interface ResolveContext {
  /** Processing time (ingest_time of the outputs, joined_at of new members); defaults to the record's event time. */
  now?: number;
  /** Kafka coordinates of the consumed canonical.party message. */
  lineage?: Lineage | null;
  trace_id?: string | null;
}

/** The record's own RecordRef, or one rebuilt from party_key "<source>:<entity>:<id>" when absent. */
export function recordRefOf(r: PartyRecord): RecordRef {
  if (r.source_record) return r.source_record;
  const [source = r.source_system, entity = 'party', ...rest] = r.party_key.split(':');
  return {
    event_id: r.event_id ?? '',
    source_system: source,
    entity,
    record_id: rest.length > 0 ? rest.join(':') : r.party_key,
    topic: '',
    partition: -1,
    offset: -1,
  };
}

function envelope(id: string, tenant: string, eventTime: number, ctx: ResolveContext, pii: string | null): Envelope {
  return {
    event_id: id,
    tenant_id: tenant,
    source_system: 'match',
    event_time: eventTime,
    ingest_time: ctx.now ?? eventTime,
    schema_version: 1,
    lineage: ctx.lineage ?? null,
    pii_subject_id: pii,
    trace_id: ctx.trace_id ?? null,
  };
}

export interface DecisionInput {
  member: PartyRecord;
  trigger: PartyRecord;
  entityId: string;
  previous: string | null;
  decision: MatchDecision;
  confidence: number;
  candidates: MatchCandidate[];
  matcherVersion: string;
}

export function decisionEvent(d: DecisionInput, ctx: ResolveContext): MatchDecisionMade {
  const triggerVersion = d.trigger.event_id ?? String(d.trigger.event_time);
  const id = deterministicUuid('match.decisions', d.member.tenant_id, d.member.party_key, triggerVersion, d.entityId);
  return {
    envelope: envelope(id, d.member.tenant_id, d.trigger.event_time, ctx, d.member.pii_subject_id ?? null),
    record: recordRefOf(d.member),
    entity_id: d.entityId,
    confidence: Math.min(1, Math.max(0, d.confidence)),
    decision: d.decision,
    candidates: d.candidates,
    previous_entity_id: d.previous,
    matcher_version: d.matcherVersion,
  };
}

/**
 * The entities.golden value of an entity entry. `merged_into` set = the last value before its tombstone.
 * pii_subject_id is null: a golden record mixes several subjects' fields (encryption per field is the
 * "Personal data" issue's business).
 */
export function goldenUpdates(
  entry: EntityEntry,
  records: Record<string, PartyRecord>,
  config: GoldenConfig,
  eventTime: number,
  ctx: ResolveContext,
  memberKeys: readonly string[] = entry.members,
): GoldenUpdate[] {
  const members = memberKeys.map((k) => records[k]).filter((r): r is PartyRecord => r !== undefined);
  const { golden, provenance } = buildGolden(members, config);
  const key = `${entry.tenant_id}/${entry.entity_id}`;
  const value: GoldenEntityUpdated = {
    envelope: envelope(
      deterministicUuid('entities.golden', entry.tenant_id, entry.entity_id, String(entry.version)),
      entry.tenant_id,
      eventTime,
      ctx,
      null,
    ),
    entity_id: entry.entity_id,
    tenant_id: entry.tenant_id,
    golden,
    members: members.map((r) => {
      const m = entry.membership[`${r.tenant_id}/${r.party_key}`];
      return {
        record: recordRefOf(r),
        source_system: r.source_system,
        confidence: m?.confidence ?? 1,
        joined_at: m?.joined_at ?? eventTime,
      };
    }),
    merge_strategy: avroMergeStrategy(config.default_strategy),
    version: entry.version,
    merged_into: entry.merged_into,
  };
  const out: GoldenUpdate[] = [{ key, value, provenance }];
  if (entry.merged_into !== null) out.push({ key, value: null, provenance: null });
  return out;
}
