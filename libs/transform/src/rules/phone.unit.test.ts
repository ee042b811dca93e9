import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

const GB = { defaultCountry: 'GB' };

describe('normalizePhone', () => {
  it.each([
    '+44 20 7946 0000',
    '020 7946 0000',
    '0044 20 7946 0000',
    '(020) 7946-0000',
    '+44 (0) 20 7946 0000',
    '02079460000',
    '020-7946-0000',
    '442079460000',
  ])('given the UK number written %j, when normalised with default GB, then E.164', (input) => {
    expect(normalizePhone(input, GB)).toEqual({ ok: true, value: '+442079460000', changed: true, rule: 'phone' });
  });
  it('given E.164 already, when normalised, then unchanged', () => {
    expect(normalizePhone('+442079460000', GB)).toMatchObject({ value: '+442079460000', changed: false });
  });
  it('given a foreign number with its country code, when normalised with default GB, then that country kept', () => {
    expect(normalizePhone('+1 212 555 0100', GB)).toMatchObject({ value: '+12125550100' });
  });
  it('given an extension, when normalised, then dropped (E.164 has none)', () => {
    expect(normalizePhone('020 7946 0000 ext. 12', GB)).toMatchObject({ value: '+442079460000' });
  });
  it.each([
    ['12ab', 'phone_invalid_characters'],
    ['n/a', 'phone_invalid_characters'],
    ['call me', 'phone_invalid_characters'],
    ['07700 9001x', 'phone_invalid_characters'],
    ['0000', 'phone_wrong_length'],
    ['+44 20', 'phone_wrong_length'],
    ['+44 (0) 20 79', 'phone_wrong_length'],
  ])('given junk %j, when normalised, then invalid %s', (input, reason) => {
    expect(normalizePhone(input, GB)).toEqual({ ok: false, invalid: reason, rule: 'phone' });
  });
  it('given a national number and no default country, when normalised, then invalid', () => {
    expect(normalizePhone('020 7946 0000')).toMatchObject({ ok: false });
  });
  it('given strictness "valid", when a number is in an unallocated range, then invalid', () => {
    expect(normalizePhone('07700 900123', GB)).toMatchObject({ ok: true });
    expect(normalizePhone('07700 900123', { ...GB, strictness: 'valid' })).toMatchObject({ ok: false, invalid: 'phone_not_valid' });
  });
});
