import { describe, expect, it } from 'vitest';
import { matchKey, toMatchKey } from './matchKey.js';

describe('matchKey', () => {
  it('given accents and double spaces, when keyed, then plain lower-case ASCII words', () => {
    expect(matchKey('José  Müller')).toEqual({ ok: true, value: 'jose muller', changed: true, rule: 'match_key' });
  });
  it.each([
    ["O'Brien", 'obrien'],
    ['Smith-Jones', 'smith jones'],
    ['Straße', 'strasse'],
    ['Søren Ørsted', 'soren orsted'],
    ['Ｊｏｈｎ', 'john'], // full-width forms (NFKC)
    ['ﬁnn', 'finn'], // ligature (NFKC)
    ['Łukasz Żółć', 'lukasz zolc'],
  ])('given %j, when keyed, then %j', (input, expected) => {
    expect(toMatchKey(input)).toBe(expected);
  });
  it('given only punctuation, when keyed, then null', () => {
    expect(matchKey(' -- ')).toMatchObject({ value: null });
  });
});
