/**
 * Output shapes, field for field those of schemas/avro/derived/MatchDecisionMade.avsc and
 * GoldenEntityUpdated.avsc; `contractTypes.unit.test.ts` fails to compile if they drift from the generated types.
 */
import type { PartyType, PostalAddress, RecordRef, Segment } from './partyRecord.js';

import type { Envelope } from '@rivulet/contracts';

export type { Envelope, Lineage } from '@rivulet/contracts';

export type MatchDecision = 'MATCH' | 'REVIEW' | 'NEW' | 'SPLIT';

export interface MatchCandidate {
  entity_id: string;
  score: number;
  matched_fields: string[];
}

export interface MatchDecisionMade {
  envelope: Envelope;
  record: RecordRef;
  entity_id: string;
  confidence: number;
  decision: MatchDecision;
  candidates: MatchCandidate[];
  previous_entity_id: string | null;
  matcher_version: string;
}

export interface GoldenPartyFields {
  party_type: PartyType;
  given_name: string | null;
  family_name: string | null;
  full_name: string | null;
  organization_name: string | null;
  email: string | null;
  phone: string | null;
  date_of_birth: string | null;
  address: PostalAddress | null;
  region: string | null;
  segment: Segment | null;
}

export type GoldenField = keyof GoldenPartyFields;

export interface EntityMember {
  record: RecordRef;
  source_system: string;
  confidence: number;
  joined_at: number;
}

export type AvroMergeStrategy = 'MOST_RECENT' | 'MOST_TRUSTED_SOURCE' | 'MOST_COMPLETE';

export interface GoldenEntityUpdated {
  envelope: Envelope;
  entity_id: string;
  tenant_id: string;
  golden: GoldenPartyFields;
  members: EntityMember[];
  merge_strategy: AvroMergeStrategy;
  version: number;
  merged_into: string | null;
}

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
