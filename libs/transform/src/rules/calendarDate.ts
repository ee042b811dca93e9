import { invalid, valid, type RuleResult } from './ruleResult.js';

export interface DateOptions {
  /** Order of "12/03/1980"-style dates: "dmy" (default, Europe) or "mdy" (US exports). */
  order?: 'dmy' | 'mdy';
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const SLASHED = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/**
 * A calendar date (date of birth) → "YYYY-MM-DD". No time zone applies: a birthday is not an instant.
 * Impossible dates ("1980-02-30") are invalid; plausibility (born in the future) is quality's business.
 */
export function normalizeDate(input: unknown, options: DateOptions = {}): RuleResult<string | null> {
  if (typeof input !== 'string') return invalid('date', 'not_a_string');
  const text = input.trim();
  if (text === '') return valid('date', null, true);
  let y: number, m: number, d: number;
  const iso = ISO.exec(text);
  const slashed = SLASHED.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (slashed) {
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    [d, m] = options.order === 'mdy' ? [b, a] : [a, b];
    y = Number(slashed[3]);
  } else return invalid('date', 'date_unparseable');
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return invalid('date', 'date_impossible');
  const value = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return valid('date', value, value !== input);
}
