import { isValidE164, isValidEmail, isValidIsoDate } from './contact.js';
import { isValidIban } from './iban.js';
import { isIsoCountry, isIsoCurrency } from './isoCodes.js';
import { isValidPostcode } from './postcode.js';

export const FORMATS = ['email', 'phone_e164', 'iban', 'postcode', 'country', 'currency', 'date'] as const;
export type Format = (typeof FORMATS)[number];

/** What each format expects, for an issue's `expected` text. */
export const FORMAT_EXPECTED: Readonly<Record<Format, string>> = {
  email: 'an e-mail address',
  phone_e164: 'an E.164 phone number (+<country code><number>)',
  iban: 'an IBAN with a valid mod-97 check',
  postcode: "a postcode of the record's country",
  country: 'an ISO 3166-1 alpha-2 country code',
  currency: 'an ISO 4217 currency code',
  date: 'a calendar date YYYY-MM-DD',
};

/**
 * Whether `value` has `format`. `undefined` means "cannot judge" (a postcode without a known country):
 * the check is then skipped rather than guessed. Non-strings never match a text format.
 */
export function matchesFormat(format: Format, value: unknown, country?: unknown): boolean | undefined {
  if (typeof value !== 'string') return false;
  switch (format) {
    case 'email':
      return isValidEmail(value);
    case 'phone_e164':
      return isValidE164(value);
    case 'iban':
      return isValidIban(value);
    case 'postcode':
      return typeof country === 'string' ? isValidPostcode(value, country) : undefined;
    case 'country':
      return isIsoCountry(value);
    case 'currency':
      return isIsoCurrency(value);
    case 'date':
      return isValidIsoDate(value);
  }
}
