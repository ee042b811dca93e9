import type { PartyRecord } from '../partyRecord.js';

/** A person record with sensible defaults; override what the test is about. */
export function person(partyKey: string, fields: Partial<PartyRecord> = {}): PartyRecord {
  return {
    tenant_id: 't1',
    party_key: partyKey,
    source_system: partyKey.split(':')[0] ?? 'crm',
    event_time: 1_700_000_000_000,
    party_type: 'PERSON',
    given_name: 'Robert',
    family_name: 'Smith',
    email: 'robert.smith@example.com',
    phone: '+447700900123',
    date_of_birth: '1980-04-12',
    address: { street: '12 High Street', city: 'London', postcode: 'SW1A 1AA', country_code: 'GB' },
    ...fields,
  };
}

/** Deterministic PRNG (mulberry32) so statistical tests never flake. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
