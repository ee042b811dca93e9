import { describe, expect, it } from 'vitest';
import { matchesFormat } from './formats.js';
import { isValidIban } from './iban.js';
import { ISO_COUNTRIES, ISO_CURRENCIES } from './isoCodes.js';
import { isValidPostcode } from './postcode.js';

describe('formats', () => {
  it('given the ISO lists, then they have the expected sizes and members', () => {
    expect(ISO_COUNTRIES.size).toBe(249);
    expect(['GB', 'DE', 'FR', 'US', 'NL'].every((c) => ISO_COUNTRIES.has(c))).toBe(true);
    expect(ISO_COUNTRIES.has('UK')).toBe(false);
    expect(['GBP', 'EUR', 'USD', 'JPY'].every((c) => ISO_CURRENCIES.has(c))).toBe(true);
  });

  it('given IBANs, then the mod-97 check and the country length decide', () => {
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('FR1420041010050500013M02606')).toBe(true);
    expect(isValidIban('GB82WEST12345698765431')).toBe(false); // one digit off
    expect(isValidIban('DE8937040044053201300')).toBe(false); // short
    expect(isValidIban('XX82WEST12345698765432')).toBe(false);
  });

  it.each([
    ['GB', ['SW1A 1AA', 'EC12 3AB', 'm1 1ae', 'B338TH', 'GIR 0AA'], ['12345', 'SW1A', 'SW1A 1A']],
    ['DE', ['10115', '01067'], ['1011', 'D-10115']],
    ['FR', ['75008', '01000'], ['7500', '00100', '99000']],
    ['US', ['94105', '94105-1234'], ['9410', '94105-12']],
    ['NL', ['1012 AB', '1012AB'], ['0123 AB', '1012 SA', '1012']],
  ])('given %s postcodes, then good ones pass and bad ones fail', (country, good, bad) => {
    for (const p of good) expect(isValidPostcode(p, country), p).toBe(true);
    for (const p of bad) expect(isValidPostcode(p, country), p).toBe(false);
  });

  it('given a postcode of an unknown country or no country, then it is not judged', () => {
    expect(isValidPostcode('X', 'ZW')).toBeUndefined();
    expect(matchesFormat('postcode', 'SW1A 1AA', null)).toBeUndefined();
  });

  it('given e-mail, phone and date formats, then typical faults fail', () => {
    expect(matchesFormat('email', "o'neil.j+tag@mail.example.co.uk")).toBe(true);
    for (const bad of ['john@', 'john@example', 'john at example.com', '@example.com', 'john@@example.com', 'a..b@x.com']) expect(matchesFormat('email', bad), bad).toBe(false);
    expect(matchesFormat('phone_e164', '+447700900123')).toBe(true);
    for (const bad of ['07700900123', '+44 7700 900123', '+0123456789', '+1234567', '+1234567890123456']) expect(matchesFormat('phone_e164', bad), bad).toBe(false);
    expect(matchesFormat('date', '2024-02-29')).toBe(true);
    expect(matchesFormat('date', '2023-02-29')).toBe(false);
    expect(matchesFormat('email', 42)).toBe(false);
  });
});
