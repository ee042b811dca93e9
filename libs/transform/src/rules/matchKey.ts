import { invalid, valid, type RuleResult } from './ruleResult.js';

/** Letters that NFD does not decompose into base + accent, folded as people type them on a plain keyboard. */
const FOLDS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu');

/**
 * A comparison key for matching, never for display: NFKC (full-width and ligature forms to plain ones),
 * lower case, accents removed, apostrophes dropped ("O'Brien" → "obrien"), other punctuation to spaces,
 * whitespace collapsed. `matchKey("José  Müller")` is "jose muller".
 */
export function toMatchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(FOLDABLE, (c) => FOLDS[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function matchKey(input: unknown): RuleResult<string | null> {
  if (typeof input !== 'string') return invalid('match_key', 'not_a_string');
  const key = toMatchKey(input);
  const value = key === '' ? null : key;
  return valid('match_key', value, value !== input);
}
