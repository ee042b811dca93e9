import { describe, expect, it } from 'vitest';
import { normalizeCountry } from './country.js';

const code = (input: unknown) => {
  const r = normalizeCountry(input);
  return r.ok ? r.value : r.invalid;
};

describe('normalizeCountry', () => {
  it.each([
    ['United Kingdom', 'GB'], ['UK', 'GB'], ['U.K.', 'GB'], ['Great Britain', 'GB'], ['GB', 'GB'], ['gb', 'GB'], ['gbr', 'GB'],
    ['GBR', 'GB'], ['england', 'GB'], ['Vereinigtes Königreich', 'GB'], ['826', 'GB'],
    ['Deutschland', 'DE'], ['DE', 'DE'], ['Germany', 'DE'], ['deu', 'DE'], ['Allemagne', 'DE'],
    ['the netherlands', 'NL'], ['Holland', 'NL'], ['USA', 'US'], ['United States', 'US'], ['España', 'ES'], ['espana', 'ES'],
    ["Côte d'Ivoire", 'CI'],
  ])('given %j, when normalised, then %s', (input, expected) => {
    expect(code(input)).toBe(expected);
  });
  it('given an alpha-2 code already, when normalised, then unchanged', () => {
    expect(normalizeCountry('GB')).toEqual({ ok: true, value: 'GB', changed: false, rule: 'country' });
  });
  it.each(['Narnia', 'XX', 'ZZZ', 'G B'])('given %j, when normalised, then invalid country_unknown', (input) => {
    expect(code(input)).toBe('country_unknown');
  });
});
