import type { PartyRecord } from '../partyRecord.js';

/** A loosely shaped record as the seed's synchronous endpoints accept it. */
export type LooseRecord = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const pick = (r: LooseRecord, ...names: string[]): string | null => {
  for (const n of names) {
    const v = str(r[n]);
    if (v !== null) return v;
  }
  return null;
};

/**
 * Maps a seed-style record (PartyRecord field names, or the common first_name/last_name/name/company/dob/
 * source/id spellings) to a PartyRecord of the given tenant. `index` makes a key when the record has no id.
 */
export function toPartyRecord(r: LooseRecord, index: number, tenantId: string): PartyRecord {
  const source = pick(r, 'source_system', 'source') ?? 'api';
  const id = pick(r, 'party_key', 'id', 'record_id', 'customer_id', 'account_id') ?? String(index);
  const time = Date.parse(pick(r, 'updated_at', 'event_time', 'created_at') ?? '');
  const org = pick(r, 'organization_name', 'company_name', 'company');
  return {
    tenant_id: tenantId,
    party_key: id.includes(':') ? id : `${source}:record:${id}`,
    source_system: source,
    event_time: typeof r.event_time === 'number' ? r.event_time : Number.isNaN(time) ? index : time,
    party_type: org && !pick(r, 'given_name', 'first_name') ? 'ORGANIZATION' : 'PERSON',
    given_name: pick(r, 'given_name', 'first_name', 'contact_first_name'),
    middle_name: pick(r, 'middle_name'),
    family_name: pick(r, 'family_name', 'last_name', 'surname', 'contact_last_name'),
    full_name: pick(r, 'full_name', 'name', 'customer_name'),
    organization_name: org,
    email: pick(r, 'email', 'contact_email', 'customer_email'),
    phone: pick(r, 'phone', 'contact_phone', 'billing_phone'),
    date_of_birth: pick(r, 'date_of_birth', 'dob', 'birth_date'),
    address: {
      street: pick(r, 'street', 'address', 'billing_street'),
      city: pick(r, 'city', 'billing_city'),
      postcode: pick(r, 'postcode', 'postal_code', 'zip', 'billing_postcode'),
      country_code: pick(r, 'country_code', 'country'),
    },
    region: pick(r, 'region'),
  };
}
