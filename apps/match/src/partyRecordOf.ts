import type { CanonicalPartyRecorded } from '@rivulet/contracts';
import type { PartyRecord } from '@rivulet/matching';
import { InvalidPartyRecordError } from './matchAppError.js';

/**
 * A canonical.party event as matching's PartyRecord. Personal fields are carried over untouched (still
 * `pii:v1:` ciphertext): this is the form that is stored; `revealRecord` gives the in-memory clear form.
 * source_system is the origin system (crm/erp/billing), not the envelope's producer (transform), since
 * source priority is about origins; event_time prefers the source's updated_at, which drives most_recent.
 */
export function partyRecordOf(event: CanonicalPartyRecorded): PartyRecord {
  const tenant = event.envelope?.tenant_id;
  if (!tenant || !event.party_key) throw new InvalidPartyRecordError('canonical party needs envelope.tenant_id and party_key');
  return {
    tenant_id: tenant,
    party_key: event.party_key,
    source_system: event.source_record?.source_system || event.party_key.split(':')[0] || event.envelope.source_system,
    event_time: event.updated_at ?? event.envelope.event_time,
    event_id: event.envelope.event_id,
    source_record: event.source_record ?? null,
    pii_subject_id: event.envelope.pii_subject_id ?? null,
    party_type: event.party_type,
    role: event.role ?? null,
    given_name: event.given_name ?? null,
    middle_name: event.middle_name ?? null,
    family_name: event.family_name ?? null,
    full_name: event.full_name ?? null,
    organization_name: event.organization_name ?? null,
    email: event.email ?? null,
    phone: event.phone ?? null,
    date_of_birth: event.date_of_birth ?? null,
    address: event.address ?? null,
    region: event.region ?? null,
    segment: event.segment ?? null,
  };
}
