import { invalid, valid, type RuleResult } from './ruleResult.js';

export interface AmountOptions {
  /**
   * Decimal separator of the source. "." (default) or "," fix it, the other one being the thousands
   * separator; "auto" takes the last of "." and "," when both appear, and refuses "1,234" or "1.234"
   * (one separator followed by exactly three digits), which cannot be told apart without a hint.
   */
  decimalSeparator?: '.' | ',' | 'auto';
}

const RULE = 'decimal_to_minor_units';
// Besides "." and ",", thousands may be grouped with spaces (incl. NBSP, narrow NBSP) or apostrophes (Swiss).
const GROUP_SPACES = /[\s\u00A0\u202F'’]/g;

/**
 * A decimal amount in major units ("1,234.50", "1234.5", "1.234,50") → integer minor units for a currency
 * with `exponent` decimals (2 → 123450). All arithmetic is on digit strings and bigint: no float ever
 * touches money. Numbers are read through their shortest decimal form (String(1234.5) is "1234.5").
 * More decimals than the currency has are refused unless they are zeros (no silent rounding); the result
 * must fit a JavaScript safe integer, which is what an Avro `long` decodes to.
 */
export function decimalToMinorUnits(input: unknown, exponent: number, options: AmountOptions = {}): RuleResult<number | null> {
  if (typeof input === 'number' && !Number.isFinite(input)) return invalid(RULE, 'amount_not_finite');
  if (typeof input !== 'string' && typeof input !== 'number') return invalid(RULE, 'not_a_string');
  const text = String(input).trim();
  if (text === '') return valid(RULE, null, true);
  const signMatch = /^([+-]?)(.*)$/.exec(text);
  const negative = signMatch?.[1] === '-';
  const body = (signMatch?.[2] ?? '').replace(GROUP_SPACES, (c) => (c.trim() === '' || c === "'" || c === '’' ? ' ' : c));
  const split = splitDecimal(body, options.decimalSeparator ?? '.');
  if (typeof split === 'string') return invalid(RULE, split);
  const { integer, fraction } = split;
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) return invalid(RULE, 'amount_too_precise');
  const minor = BigInt(integer + fraction.slice(0, exponent).padEnd(exponent, '0')) * (negative ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) return invalid(RULE, 'amount_out_of_range');
  const value = Number(minor);
  return valid(RULE, value, value !== input);
}

/** Returns the integer digits and fraction digits, or the reason the text is not an amount. */
function splitDecimal(body: string, hint: '.' | ',' | 'auto'): { integer: string; fraction: string } | string {
  if (!/^[\d., ]+$/.test(body) || !/\d/.test(body)) return 'amount_not_a_number';
  const decimal = hint === 'auto' ? guessDecimal(body) : hint;
  if (decimal === undefined) return 'amount_ambiguous_separator';
  const at = decimal === null ? -1 : body.lastIndexOf(decimal);
  const integerPart = at < 0 ? body : body.slice(0, at);
  const fraction = at < 0 ? '' : body.slice(at + 1);
  if (!/^\d*$/.test(fraction) || (at >= 0 && fraction === '')) return 'amount_not_a_number';
  const group = decimal === ',' ? '.' : ',';
  if (/^\d+$/.test(integerPart) || (integerPart === '' && fraction !== '')) return { integer: integerPart || '0', fraction };
  // Grouped: 1-3 leading digits, then groups of exactly three, one kind of separator throughout.
  const grouped = new RegExp(`^\\d{1,3}(?:[${group === '.' ? '\\.' : ','} ]\\d{3})+$`);
  if (!grouped.test(integerPart) || (integerPart.includes(' ') && integerPart.includes(group))) return 'amount_bad_grouping';
  return { integer: integerPart.replace(/\D/g, ''), fraction };
}

/** "." or "," when the text shows which one is decimal, null when it has neither, undefined when it cannot tell. */
function guessDecimal(body: string): '.' | ',' | null | undefined {
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (sep === null) return null;
  if (body.indexOf(sep) !== body.lastIndexOf(sep)) return sep === '.' ? ',' : '.';
  return /^\d{1,3}[.,]\d{3}$/.test(body.replace(/ /g, '')) ? undefined : sep;
}
