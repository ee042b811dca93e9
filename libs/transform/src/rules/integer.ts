import { invalid, valid, type RuleResult } from './ruleResult.js';

const INT32 = 2 ** 31;

/**
 * A count or duration → integer ("12" → 12, 12 → 12). `int` (default) must fit Avro `int`, `long` a safe
 * integer. Fractions are invalid, not rounded. Ranges (negative durations) are left to quality checks.
 */
export function normalizeInteger(input: unknown, options: { size?: 'int' | 'long' } = {}): RuleResult<number | null> {
  if (typeof input === 'string' && input.trim() === '') return valid('integer', null, true);
  const n = typeof input === 'string' && /^[+-]?\d+$/.test(input.trim()) ? Number(input.trim()) : input;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return invalid('integer', 'integer_invalid');
  if (options.size !== 'long' && (n < -INT32 || n >= INT32)) return invalid('integer', 'integer_out_of_range');
  return valid('integer', n, n !== input);
}
