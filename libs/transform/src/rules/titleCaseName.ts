import { normalizeWhitespace } from './whitespace.js';
import { invalid, valid, type RuleResult } from './ruleResult.js';

/** Surname particles written in lower case inside a name ("Ludwig van Beethoven", "van der Berg"). */
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'von', 'zu', 'ter', 'ten', 'af', 'y']);
const ROMAN = /^(ii|iii|iv|vi|vii|viii|ix)$/i;

/**
 * Title-cases a personal or family name the way people write them: "o'brien" → "O'Brien",
 * "MCDONALD" → "McDonald", "SMITH-JONES" → "Smith-Jones", "VAN DER BERG" → "van der Berg", "henry viii" →
 * "Henry VIII". A word that is already in mixed case ("MacDonald", "DeVito", "McKenzie") is kept as
 * written: the source knows better than any rule, and "Mac" cannot be cased blindly (Macey, Mackie).
 * Whitespace is normalised first.
 */
export function titleCaseName(input: unknown): RuleResult<string | null> {
  const spaced = normalizeWhitespace(input);
  if (!spaced.ok) return invalid('title_case_name', spaced.invalid);
  if (spaced.value === null) return valid('title_case_name', null, input !== null);
  const words = spaced.value.split(' ');
  const value = words.map((word, i) => caseWord(word, i, words.length)).join(' ');
  return valid('title_case_name', value, value !== input);
}

function caseWord(word: string, index: number, count: number): string {
  if (isMixedCase(word)) return word;
  const lower = word.toLowerCase();
  // A particle alone ("De") or last ("Jean De") is a name in its own right, not a particle.
  if (PARTICLES.has(lower) && count > 1 && index < count - 1) return lower;
  if (index > 0 && ROMAN.test(word)) return word.toUpperCase();
  // Hyphens join two names; an apostrophe after one or two letters marks a prefix (O', D', Mc is below).
  return lower.split(/([-'’])/).map(capitalize).join('');
}

function capitalize(part: string): string {
  if (part === '') return part;
  const mc = /^mc(\p{L})(.*)$/u.exec(part);
  if (mc && part.length > 3) return `Mc${(mc[1] ?? '').toUpperCase()}${mc[2] ?? ''}`;
  const [first = '', ...rest] = Array.from(part);
  return first.toUpperCase() + rest.join('');
}

function isMixedCase(word: string): boolean {
  return word !== word.toLowerCase() && word !== word.toUpperCase();
}
