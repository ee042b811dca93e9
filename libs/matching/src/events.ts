/**
 * Output shapes: the types generated from schemas/avro/derived/MatchDecisionMade.avsc and
 * GoldenEntityUpdated.avsc, plus what matching adds beside them (field provenance).
 */

import type { GoldenEntityUpdated, GoldenPartyFields } from '@rivulet/contracts';

export type { Envelope, Lineage } from '@rivulet/contracts';

export type {
  EntityMember, GoldenEntityUpdated, GoldenPartyFields, MatchCandidate, MatchDecision, MatchDecisionMade,
  MergeStrategy as AvroMergeStrategy,
} from '@rivulet/contracts';

export type GoldenField = keyof GoldenPartyFields;

/** Which member supplied a golden field (not in the Avro contract yet: for the read model). */
export interface FieldProvenance {
  party_key: string;
  source_system: string;
  event_time: number;
}

/**
 * One message for the compacted entities.golden topic: key "<tenant>/<entity_id>", value null = tombstone.
 * A merged-away entity gets its last value (merged_into set) followed by a tombstone.
 */
export interface GoldenUpdate {
  key: string;
  value: GoldenEntityUpdated | null;
  provenance: Partial<Record<GoldenField, FieldProvenance>> | null;
}
