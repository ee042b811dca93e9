import { describe, expect, it } from 'vitest';
import { decimalToMinorUnits } from './amount.js';

const minor = (input: unknown, exponent = 2, decimalSeparator?: '.' | ',' | 'auto') => {
  const r = decimalToMinorUnits(input, exponent, decimalSeparator ? { decimalSeparator } : {});
  return r.ok ? r.value : r.invalid;
};

describe('decimalToMinorUnits', () => {
  it.each([
    ['1,234.50', 2, undefined, 123450],
    ['1234.5', 2, undefined, 123450],
    ['1234', 2, undefined, 123400],
    ['1.234,50', 2, ',', 123450],
    ['1 234,50', 2, ',', 123450],
    ["1'234.50", 2, '.', 123450],
    ['1\u202F234,5', 2, ',', 123450],
    ['-12.30', 2, undefined, -1230],
    ['.5', 2, undefined, 50],
    ['1234.500', 2, undefined, 123450],
    ['1500', 0, undefined, 1500],
    ['1.234', 3, '.', 1234],
    ['12,345,678.9', 2, 'auto', 1234567890],
    ['1.234.567,8', 2, 'auto', 123456780],
    ['1234,5', 2, 'auto', 123450],
  ] as const)('given %j with exponent %i and separator %s, when converted, then %i', (input, exponent, separator, expected) => {
    expect(minor(input, exponent, separator)).toBe(expected);
  });
  it('given 0.1 + 0.2 style float trouble, when converted, then exact (no float arithmetic)', () => {
    expect(minor('0.29')).toBe(29);
    expect(minor('1.15')).toBe(115);
    expect(minor(1.15)).toBe(115);
    expect(minor('9007199254740.99')).toBe(900719925474099);
  });
  it.each([
    ['12,50', '.', 'amount_bad_grouping'],
    ['12.50.0', '.', 'amount_bad_grouping'],
    ['£12.50', '.', 'amount_not_a_number'],
    ['N/A', '.', 'amount_not_a_number'],
    ['12.505', '.', 'amount_too_precise'],
    ['1,234', 'auto', 'amount_ambiguous_separator'],
    ['1.234,50', '.', 'amount_not_a_number'],
    ['1e3', '.', 'amount_not_a_number'],
    ['99999999999999999', '.', 'amount_out_of_range'],
    ['1,23,456.00', '.', 'amount_bad_grouping'],
  ] as const)('given %j with separator %s, when converted, then invalid %s', (input, separator, reason) => {
    expect(minor(input, 2, separator)).toBe(reason);
  });
  it('given JPY (exponent 0) and a fraction, when converted, then invalid rather than rounded', () => {
    expect(minor('1500.5', 0)).toBe('amount_too_precise');
  });
  it('given an empty string, when converted, then null', () => {
    expect(minor('')).toBeNull();
  });
});
