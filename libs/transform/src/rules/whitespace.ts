import { invalid, valid, type RuleResult } from './ruleResult.js';

// Zero-width characters and the BOM survive copy-paste from spreadsheets and break equality silently.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// \s covers NBSP, thin and other Unicode spaces, tabs and line breaks.
const SPACES = /\s+/g;

/**
 * Trims, removes invisible characters and collapses every run of whitespace to one space.
 * An empty or blank string becomes `null`: "no value" has one spelling downstream.
 */
export function normalizeWhitespace(input: unknown): RuleResult<string | null> {
  if (typeof input !== 'string') return invalid('whitespace', 'not_a_string');
  const value = input.replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  const out = value === '' ? null : value;
  return valid('whitespace', out, out !== input);
}

export function upperCase(input: unknown): RuleResult<string> {
  if (typeof input !== 'string') return invalid('upper', 'not_a_string');
  const value = input.toUpperCase();
  return valid('upper', value, value !== input);
}

export function lowerCase(input: unknown): RuleResult<string> {
  if (typeof input !== 'string') return invalid('lower', 'not_a_string');
  const value = input.toLowerCase();
  return valid('lower', value, value !== input);
}
