/**
 * Postcode shapes per ISO country. Shape only: a well-formed code that no street has still passes.
 * GB is outward (area letters, district) + inward (digit, two letters), incl. GIR 0AA; NL excludes the letter pairs PostNL never issues.
 */
const POSTCODE_PATTERNS: Readonly<Record<string, RegExp>> = {
  GB: /^(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i,
  DE: /^\d{5}$/,
  FR: /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/,
  US: /^\d{5}(?:-\d{4})?$/,
  NL: /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/i,
  IE: /^(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$/i,
  ES: /^(?:0[1-9]|[1-4]\d|5[0-2])\d{3}$/,
  IT: /^\d{5}$/,
  BE: /^[1-9]\d{3}$/,
  AT: /^[1-9]\d{3}$/,
  CH: /^[1-9]\d{3}$/,
  DK: /^\d{4}$/,
  SE: /^\d{3} ?\d{2}$/,
  PL: /^\d{2}-\d{3}$/,
  PT: /^\d{4}-\d{3}$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i,
};

export const POSTCODE_COUNTRIES: readonly string[] = Object.keys(POSTCODE_PATTERNS);

/** `true`/`false` for a country with a known shape; `undefined` when the country has none here (not judged). */
export function isValidPostcode(value: string, country: string): boolean | undefined {
  const pattern = POSTCODE_PATTERNS[country.toUpperCase()];
  return pattern ? pattern.test(value.trim()) : undefined;
}
