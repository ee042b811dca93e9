import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { invalid, valid, type RuleResult } from './ruleResult.js';

export interface PhoneOptions {
  /** Country assumed for national numbers ("020 7946 0000"): the source's home country. */
  defaultCountry?: string;
  /**
   * "possible" (default) checks the length for the country; "valid" also checks the number range against
   * libphonenumber's full metadata. Ranges get allocated faster than metadata ships, and a real customer's
   * number must not be rejected because our copy is old, so strictness is opt-in.
   */
  strictness?: 'possible' | 'valid';
}

// Digits, the usual separators, a leading "+", and extension markers. Letters (vanity numbers aside, which
// no source here sends) mean the field holds something else: "n/a", "call me", "07700 9001x".
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$/i;

/**
 * Normalises a phone number to E.164 ("+442079460000") with libphonenumber-js, which knows every country's
 * trunk prefix ("0"), international prefix ("00"), the "+44 (0)" habit and number lengths. Extensions are
 * dropped (E.164 has none). Switch exports that write E.164 without the plus ("447700900123") parse too:
 * libphonenumber tries the country calling code when the national reading is impossible.
 */
export function normalizePhone(input: unknown, options: PhoneOptions = {}): RuleResult<string | null> {
  if (typeof input !== 'string' && typeof input !== 'number') return invalid('phone', 'not_a_string');
  const text = String(input).trim();
  if (text === '') return valid('phone', null, true);
  if (!PHONE_CHARACTERS.test(text)) return invalid('phone', 'phone_invalid_characters');
  const country = options.defaultCountry?.toUpperCase() as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : {});
  if (!parsed) return invalid('phone', 'phone_unparseable');
  const acceptable = options.strictness === 'valid' ? parsed.isValid() : parsed.isPossible();
  if (!acceptable) return invalid('phone', options.strictness === 'valid' ? 'phone_not_valid' : 'phone_wrong_length');
  return valid('phone', parsed.number, parsed.number !== input);
}
