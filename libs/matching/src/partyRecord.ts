/**
 * The input of matching, mirroring schemas/avro/canonical/CanonicalPartyRecorded.avsc (snake_case field
 * names kept so the app maps the decoded event without renaming). Envelope fields that matching needs are
 * lifted to the top level: tenant_id, source_system, event_time, event_id.
 */
// Shared shapes are the types generated from schemas/avro (@rivulet/contracts), so they cannot drift.
import type { PartyType, PostalAddress, RecordRef, Segment } from '@rivulet/contracts';

export type { PartyType, PostalAddress, RecordRef, Segment } from '@rivulet/contracts';

export interface PartyRecord {
  tenant_id: string;
  /** "<source_system>:<entity>:<record_id>", unique within a tenant. */
  party_key: string;
  source_system: string;
  /** When it happened at the source (UTC epoch ms); drives `most_recent`. */
  event_time: number;
  event_id?: string | null;
  source_record?: RecordRef | null;
  pii_subject_id?: string | null;
  party_type: PartyType;
  role?: string | null;
  given_name: string | null;
  middle_name?: string | null;
  family_name: string | null;
  full_name?: string | null;
  organization_name?: string | null;
  email?: string | null;
  /** E.164. */
  phone?: string | null;
  /** YYYY-MM-DD. */
  date_of_birth?: string | null;
  address?: PostalAddress | null;
  region?: string | null;
  segment?: Segment | null;
}

/** Tenant-scoped identity of a record: the key every state map uses, so tenants never collide. */
export function memberKey(record: Pick<PartyRecord, 'tenant_id' | 'party_key'>): string {
  return `${record.tenant_id}/${record.party_key}`;
}
