import { candidatePairs, prepareRecord, type PartyRecord } from '@rivulet/matching';

const GIVEN = ['james', 'mary', 'robert', 'patricia', 'john', 'jennifer', 'michael', 'linda', 'william', 'elizabeth', 'david', 'susan', 'oliver', 'amelia', 'jack', 'isla', 'harry', 'ava', 'george', 'emily'];
const FAMILY = ['smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright', 'thompson', 'evans', 'walker', 'white', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke'];

/**
 * Synthetic persons with a deliberately skewed, small name vocabulary (20 × 20 names, few postcodes), so
 * name and postcode blocks grow with n: the worst case for blocking, used only to count comparisons.
 */
export function syntheticPersons(n: number): PartyRecord[] {
  let s = 12345;
  const rand = (k: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % k;
  };
  return Array.from({ length: n }, (_, i) => ({
    tenant_id: 'scale',
    party_key: `syn:person:${i}`,
    source_system: 'syn',
    event_time: i,
    party_type: 'PERSON' as const,
    given_name: GIVEN[rand(GIVEN.length)]!,
    family_name: FAMILY[rand(FAMILY.length)]!,
    email: `u${rand(n * 2)}@example.com`,
    phone: `+44770${String(rand(9_999_999)).padStart(7, '0')}`,
    date_of_birth: `19${50 + rand(50)}-0${1 + rand(9)}-1${rand(9)}`,
    address: { street: `${rand(200)} high street`, city: 'london', postcode: `SW${rand(50)} 1AA`, country_code: 'GB' },
  }));
}

export interface ScalingPoint {
  n: number;
  comparisons: number;
  perRecord: number;
  /** comparisons / (n(n-1)/2). */
  shareOfAllPairs: number;
  ms: number;
}

/**
 * Comparisons per record of the default blocking at each input size (synthetic worst case): the figure that
 * must stay flat. For callers such as the overall benchmark (`npm run bench`): `await import('../match/scaling.js')`.
 */
export function matchScaling(sizes: readonly number[]): ScalingPoint[] {
  return sizes.map((n) => {
    const s = comparisonsPerRecord(syntheticPersons(n));
    return { n, ...s, shareOfAllPairs: (2 * s.comparisons) / (n * (n - 1)) };
  });
}

export function comparisonsPerRecord(records: readonly PartyRecord[]): { comparisons: number; perRecord: number; ms: number } {
  const t = performance.now();
  const prepared = records.map(prepareRecord);
  let comparisons = 0;
  for (const _ of candidatePairs(prepared)) comparisons++;
  return { comparisons, perRecord: comparisons / records.length, ms: performance.now() - t };
}
