import damerau from 'talisman/metrics/damerau-levenshtein.js';
import jaccard from 'talisman/metrics/jaccard.js';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import mongeElkan from 'talisman/metrics/monge-elkan.js';
import { isNicknamePair } from '../nicknames.js';
import type { PreparedRecord } from '../prepareRecord.js';
import type { ComparisonVector } from './comparisonFields.js';

function nameLevel(a: string, b: string, nicknames: boolean): number | null {
  if (a === '' || b === '') return null;
  if (a === b) return 3;
  const fa = a.split(' ')[0] ?? a;
  const fb = b.split(' ')[0] ?? b;
  if (nicknames && isNicknamePair(fa, fb)) return 3;
  const sim = jaroWinkler(a, b);
  if (sim >= 0.92) return 2;
  if (sim >= 0.8) return 1;
  return 0;
}

function editLevel(a: string, b: string, partialMax: number): number | null {
  if (a === '' || b === '') return null;
  if (a === b) return 2;
  return damerau.limited(partialMax, a, b) <= partialMax ? 1 : 0;
}

function dobLevel(a: string, b: string): number | null {
  if (a === '' || b === '') return null;
  if (a === b) return 2;
  if (damerau.limited(1, a, b) <= 1) return 1;
  // Day and month swapped (US vs European writing): YYYYMMDD → YYYYDDMM.
  if (a.length === 8 && a.slice(0, 4) + a.slice(6, 8) + a.slice(4, 6) === b) return 1;
  return 0;
}

function emailLevel(a: string, b: string): number | null {
  if (a === '' || b === '') return null;
  if (a === b) return 2;
  if (a.split('@')[0] === b.split('@')[0]) return 1;
  return damerau.limited(2, a, b) <= 2 ? 1 : 0;
}

function phoneLevel(a: string, b: string): number | null {
  if (a === '' || b === '') return null;
  if (a === b) return 2;
  if (a.length >= 7 && a.slice(-7) === b.slice(-7)) return 1;
  return damerau.limited(1, a, b) <= 1 ? 1 : 0;
}

function tokenLevel(a: readonly string[], b: readonly string[], cuts: readonly number[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  if (jaccard([...a], [...b]) === 1) return cuts.length + 1;
  const sim = mongeElkan.symmetric(jaroWinkler, [...a], [...b]);
  let level = 0;
  cuts.forEach((cut, i) => {
    if (sim >= cut) level = i + 1;
  });
  return level;
}

function cityLevel(a: string, b: string): number | null {
  if (a === '' || b === '') return null;
  if (a === b) return 2;
  return jaroWinkler(a, b) >= 0.85 ? 1 : 0;
}

export interface CompareOptions {
  /** Treat Bob/Robert etc. as equal given names (default true). */
  nicknames: boolean;
  /** Also try given↔family swapped and keep the better orientation (default true). */
  swappedNames: boolean;
}

export const defaultCompareOptions: CompareOptions = { nicknames: true, swappedNames: true };

/** Comparison vector of two prepared records, in COMPARISON_FIELDS order. */
export function compareRecords(
  a: PreparedRecord,
  b: PreparedRecord,
  options: CompareOptions = defaultCompareOptions,
): ComparisonVector {
  let given = nameLevel(a.given, b.given, options.nicknames);
  let family = nameLevel(a.family, b.family, options.nicknames);
  if (options.swappedNames && (given ?? 0) + (family ?? 0) < 6) {
    const g2 = nameLevel(a.given, b.family, options.nicknames);
    const f2 = nameLevel(a.family, b.given, options.nicknames);
    // A swap only counts when both names line up crosswise, not when one surname happens to be a first name.
    if (g2 !== null && f2 !== null && g2 + f2 > (given ?? 0) + (family ?? 0) && Math.min(g2, f2) >= 2) {
      given = g2;
      family = f2;
    }
  }
  return [
    given,
    family,
    dobLevel(a.dob, b.dob),
    emailLevel(a.email, b.email),
    phoneLevel(a.phone, b.phone),
    editLevel(a.postcode, b.postcode, 1),
    tokenLevel(a.streetTokens, b.streetTokens, [0.75, 0.9]),
    cityLevel(a.city, b.city),
    tokenLevel(a.orgTokens, b.orgTokens, [0.85]),
  ];
}
