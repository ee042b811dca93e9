import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import type { PreparedRecord } from '../prepareRecord.js';

/** Which blocking rules to apply; every rule is on by default. */
export interface BlockingConfig {
  /** Sorted pair of the double-metaphone codes of given (formal form) and family name: survives swaps. */
  name: boolean;
  /** Phonetic family name + full date of birth. */
  familyDob: boolean;
  /** Date of birth + given-name initial (survives surname changes and typos). */
  dobInitial: boolean;
  email: boolean;
  /** Last 7 digits of the phone number (survives country-code and trunk-prefix differences). */
  phoneSuffix: boolean;
  /** Postcode + given-name initial. */
  postcodeInitial: boolean;
  /** Date of birth + postcode: survives a replaced or misspelt name. */
  dobPostcode: boolean;
  /** Postcode + house number + phonetic code of the first street word: survives name and birth-date errors. */
  postcodeStreet: boolean;
  /** First significant token of the organisation name (legal forms removed). */
  orgToken: boolean;
  /**
   * Largest block compared in full. Bigger blocks are sub-blocked by sorted neighbourhood: each record is
   * compared only with the `window` records on either side in sortKey order, so comparisons per record
   * stay bounded however large the input grows.
   */
  maxBlockSize: number;
  window: number;
  /**
   * Candidates kept per record across all its blocks, those sharing most (and rarest) blocks first
   * (candidateBudget): the bound that keeps comparisons per record flat as blocks grow. 0 = no budget.
   */
  maxCandidates: number;
  /** Candidates sharing at least this many blocks are kept beyond maxCandidates (near-certain duplicates). */
  keepShared: number;
}

export const defaultBlockingConfig: BlockingConfig = {
  name: true,
  familyDob: true,
  dobInitial: true,
  email: true,
  phoneSuffix: true,
  postcodeInitial: true,
  dobPostcode: true,
  postcodeStreet: true,
  orgToken: true,
  maxBlockSize: 40,
  window: 8,
  maxCandidates: 30,
  keepShared: 3,
};

/** "12 ranken place" → "12|RNKN": house number (if any) and the sound of the first street word. */
function streetSignature(streetTokens: readonly string[]): string {
  const first = streetTokens[0] ?? '';
  const isNumber = /^\d+$/.test(first);
  const word = streetTokens.find((t) => !/\d/.test(t)) ?? '';
  return `${isNumber ? first : ''}|${word === '' ? '' : doubleMetaphone(word)[0]}`;
}

/**
 * The blocks a record belongs to. Every key starts with the tenant id, so records of two tenants never
 * share a block and are therefore never compared.
 */
export function blockingKeys(p: PreparedRecord, config: BlockingConfig = defaultBlockingConfig): string[] {
  const keys: string[] = [];
  const t = `${p.tenant}\u0000`;
  const initial = p.givenFormal.charAt(0);
  if (config.name && p.familyCode !== '') {
    const codes = [p.givenCode, p.familyCode].sort();
    keys.push(`${t}n:${codes[0]}|${codes[1]}`);
  }
  if (config.familyDob && p.familyCode !== '' && p.dob !== '') keys.push(`${t}fd:${p.familyCode}|${p.dob}`);
  if (config.dobInitial && p.dob !== '' && initial !== '') keys.push(`${t}di:${p.dob}|${initial}`);
  if (config.email && p.email !== '') keys.push(`${t}e:${p.email}`);
  if (config.phoneSuffix && p.phone.length >= 7) keys.push(`${t}p:${p.phone.slice(-7)}`);
  if (config.postcodeInitial && p.postcode !== '' && initial !== '') keys.push(`${t}pc:${p.postcode}|${initial}`);
  if (config.dobPostcode && p.dob !== '' && p.postcode !== '') keys.push(`${t}dp:${p.dob}|${p.postcode}`);
  if (config.postcodeStreet && p.postcode !== '' && p.streetTokens.length > 0) {
    keys.push(`${t}ps:${p.postcode}|${streetSignature(p.streetTokens)}`);
  }
  if (config.orgToken && p.orgTokens.length > 0) keys.push(`${t}o:${p.orgTokens[0]}`);
  return keys;
}
