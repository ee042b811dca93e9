import { decimalToMinorUnits, type AmountOptions } from './amount.js';
import { minorUnitExponent, normalizeCurrency, type CurrencyOptions } from './currency.js';
import { invalid, valid, type RuleResult } from './ruleResult.js';

export interface Money {
  amount_minor: number;
  currency: string;
}

export interface MoneyOptions extends AmountOptions, CurrencyOptions {
  /** "major" (default): a decimal amount like ERP's "1234.50". "minor": already minor units, like Billing's longs. */
  unit?: 'major' | 'minor';
  /** Currency when the record has none (a source that only bills in one). */
  defaultCurrency?: string;
}

const RULE = 'money';

/**
 * { amount, currency } as the source sends them → canonical Money (minor units + ISO 4217). The currency
 * is needed first: it decides the exponent (JPY 0, BHD 3, most 2). A missing amount is no money (null);
 * an amount without a currency is invalid, because guessing one would misstate value by 100x or more.
 */
export function normalizeMoney(input: unknown, options: MoneyOptions = {}): RuleResult<Money | null> {
  if (typeof input !== 'object' || input === null) return invalid(RULE, 'money_not_an_object');
  const { amount, currency } = input as { amount?: unknown; currency?: unknown };
  if (amount === null || amount === undefined || amount === '') return valid(RULE, null, amount !== null);
  const rawCurrency = currency === null || currency === undefined || (typeof currency === 'string' && currency.trim() === '') ? options.defaultCurrency : currency;
  if (rawCurrency === undefined) return invalid(RULE, 'currency_missing');
  const code = normalizeCurrency(rawCurrency, options);
  if (!code.ok) return invalid(RULE, code.invalid);
  if (code.value === null) return invalid(RULE, 'currency_missing');
  let minor: number;
  if (options.unit === 'minor') {
    const n = typeof amount === 'string' && /^-?\d+$/.test(amount.trim()) ? Number(amount) : amount;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) return invalid(RULE, 'amount_not_an_integer');
    minor = n;
  } else {
    const parsed = decimalToMinorUnits(amount, minorUnitExponent(code.value), options);
    if (!parsed.ok) return invalid(RULE, parsed.invalid);
    if (parsed.value === null) return valid(RULE, null, true);
    minor = parsed.value;
  }
  const value = { amount_minor: minor, currency: code.value };
  const changed = !(amount === minor && currency === code.value);
  return valid(RULE, value, changed, `${minor} ${code.value}`);
}
