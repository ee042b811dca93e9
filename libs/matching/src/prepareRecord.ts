import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { formalName } from './nicknames.js';
import { digits, normEmail, normPostcode, normText, orgTokens, tokens } from './normalize.js';
import { memberKey, type PartyRecord } from './partyRecord.js';

/**
 * A record with every value normalised once, so blocking and the O(pairs) comparisons do no string
 * clean-up of their own. Empty string means "missing".
 */
export interface PreparedRecord {
  readonly record: PartyRecord;
  /** Tenant-scoped key, see memberKey. */
  readonly key: string;
  readonly tenant: string;
  readonly given: string;
  readonly family: string;
  readonly givenFormal: string;
  readonly givenCode: string;
  readonly familyCode: string;
  readonly email: string;
  readonly phone: string;
  /** YYYYMMDD digits. */
  readonly dob: string;
  readonly postcode: string;
  readonly street: string;
  readonly streetTokens: readonly string[];
  readonly city: string;
  readonly org: string;
  readonly orgTokens: readonly string[];
  /** Order key used to sub-block oversized blocks (sorted neighbourhood). */
  readonly sortKey: string;
}

function phoneticCode(name: string): string {
  if (name === '') return '';
  // Double metaphone of the first token: compound surnames ("van der berg") keep their first sound.
  return doubleMetaphone(name.split(' ')[0] ?? '')[0];
}

/** Splits "Given Middle Family" when a source only sent full_name. */
function splitFullName(record: PartyRecord): { given: string; family: string } {
  const given = normText(record.given_name);
  const family = normText(record.family_name);
  if (given !== '' || family !== '') return { given, family };
  const parts = tokens(record.full_name);
  if (parts.length === 0) return { given: '', family: '' };
  if (parts.length === 1) return { given: '', family: parts[0] ?? '' };
  return { given: parts[0] ?? '', family: parts[parts.length - 1] ?? '' };
}

export function prepareRecord(record: PartyRecord): PreparedRecord {
  const { given, family } = splitFullName(record);
  const givenFirst = given.split(' ')[0] ?? '';
  const givenFormal = formalName(givenFirst);
  const street = normText(record.address?.street);
  const org = orgTokens(record.organization_name);
  const dob = digits(record.date_of_birth);
  return {
    record,
    key: memberKey(record),
    tenant: record.tenant_id,
    given,
    family,
    givenFormal,
    givenCode: phoneticCode(givenFormal),
    familyCode: phoneticCode(family),
    email: normEmail(record.email),
    phone: digits(record.phone),
    dob,
    postcode: normPostcode(record.address?.postcode),
    street,
    streetTokens: street === '' ? [] : street.split(' '),
    city: normText(record.address?.city),
    org: org.join(' '),
    orgTokens: org,
    sortKey: `${family}|${givenFormal}|${dob}|${record.party_key}`,
  };
}
