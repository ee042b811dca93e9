import { invalid, valid, type RuleResult } from './ruleResult.js';

/**
 * ISO 4217 minor-unit exponents that differ from 2 (the standard's "minor unit" column). Kept here, not
 * taken from Intl: CLDR's display digits differ from ISO for some currencies (e.g. it shows ISK, and in
 * some versions HUF and TWD, with other precision), and amounts must follow ISO.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Unambiguous in our markets; "$" means USD by convention here (a mapping can alias it otherwise). */
const SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', '£': 'GBP', $: 'USD', US$: 'USD', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', 'zł': 'PLN', '₪': 'ILS' };

/** ICU's list of ISO 4217 codes (ships with Node). */
const KNOWN = new Set(Intl.supportedValuesOf('currency'));

export function minorUnitExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export interface CurrencyOptions {
  /** Source-specific spellings, e.g. { "POUNDS": "GBP" }; matched case-insensitively. */
  aliases?: Record<string, string>;
}

/** "eur", "€", " EUR " → "EUR". A code ICU does not know ("EUX") is invalid. */
export function normalizeCurrency(input: unknown, options: CurrencyOptions = {}): RuleResult<string | null> {
  if (typeof input !== 'string') return invalid('currency', 'not_a_string');
  const text = input.trim();
  if (text === '') return valid('currency', null, true);
  const alias = Object.entries(options.aliases ?? {}).find(([from]) => from.toUpperCase() === text.toUpperCase())?.[1];
  const code = alias ?? SYMBOLS[text] ?? text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN.has(code)) return invalid('currency', 'currency_unknown');
  return valid('currency', code, code !== input);
}
