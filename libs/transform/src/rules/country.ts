import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { toMatchKey } from './matchKey.js';
import { invalid, valid, type RuleResult } from './ruleResult.js';

/**
 * Country names and codes → ISO 3166-1 alpha-2. The code list and the names (official and common, in the
 * languages of our markets) come from i18n-iso-countries, a maintained package that follows ISO changes;
 * a hand-written table would rot silently. Its English data already knows "UK", "Great Britain", "USA".
 * What it lacks are informal names people type into a country field; those few are below.
 */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da'] as const;

const ALIASES: Record<string, string> = {
  england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', britain: 'GB', 'united kingdom of great britain': 'GB',
  holland: 'NL', america: 'US', 'united states of america': 'US', 'czech republic': 'CZ', 'south korea': 'KR', russia: 'RU',
};

const require = createRequire(import.meta.url);

/** match key of every name in every language → alpha-2; the first language that names a key wins. */
const BY_NAME: ReadonlyMap<string, string> = (() => {
  const index = new Map<string, string>();
  for (const lang of LANGUAGES) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
    for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      for (const name of names) {
        const key = toMatchKey(name);
        if (!index.has(key)) index.set(key, code);
      }
    }
  }
  for (const [name, code] of Object.entries(ALIASES)) index.set(name, code);
  return index;
})();

/**
 * "United Kingdom", "U.K.", "Great Britain", "gb", "GBR", "826", "Deutschland", "DE", "Germany" → "GB"/"DE".
 * Codes are tried before names, so "DE" is Germany, not a Spanish word. Unknown input is invalid, not guessed.
 */
export function normalizeCountry(input: unknown): RuleResult<string | null> {
  if (typeof input !== 'string' && typeof input !== 'number') return invalid('country', 'not_a_string');
  const text = String(input).trim();
  if (text === '') return valid('country', null, true);
  const code = lookup(text);
  if (code === undefined) return invalid('country', 'country_unknown');
  return valid('country', code, code !== input);
}

function lookup(text: string): string | undefined {
  const compact = text.replace(/\./g, '').toUpperCase();
  if (/^[A-Z]{2}$/.test(compact) && countries.isValid(compact)) return compact;
  if (/^[A-Z]{3}$/.test(compact)) {
    const fromAlpha3 = countries.alpha3ToAlpha2(compact);
    if (fromAlpha3) return fromAlpha3;
  }
  if (/^\d{1,3}$/.test(compact)) return countries.numericToAlpha2(compact.padStart(3, '0'));
  return BY_NAME.get(toMatchKey(text.replace(/\./g, '')));
}
