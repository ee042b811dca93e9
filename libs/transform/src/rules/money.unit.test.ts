import { describe, expect, it } from 'vitest';
import { minorUnitExponent, normalizeCurrency } from './currency.js';
import { normalizeMoney } from './money.js';

describe('normalizeCurrency', () => {
  it.each([['eur', 'EUR'], ['€', 'EUR'], [' EUR ', 'EUR'], ['£', 'GBP'], ['gbp', 'GBP'], ['jpy', 'JPY']])('given %j, then %s', (input, code) => {
    expect(normalizeCurrency(input)).toMatchObject({ ok: true, value: code });
  });
  it.each(['EURO', 'POUNDS', 'GB', 'XYZ1'])('given %j, then invalid', (input) => {
    expect(normalizeCurrency(input)).toMatchObject({ ok: false, invalid: 'currency_unknown' });
  });
  it('given a source alias, when normalised, then mapped', () => {
    expect(normalizeCurrency('Pounds', { aliases: { POUNDS: 'GBP' } })).toMatchObject({ value: 'GBP' });
  });
  it('given ISO 4217 exponents, then JPY 0, BHD 3, EUR 2, unknown default 2', () => {
    expect([minorUnitExponent('JPY'), minorUnitExponent('BHD'), minorUnitExponent('EUR'), minorUnitExponent('GBP')]).toEqual([0, 3, 2, 2]);
  });
});

describe('normalizeMoney', () => {
  it('given an ERP decimal string and a lower-case currency, when normalised, then minor units and ISO code', () => {
    expect(normalizeMoney({ amount: '1,234.50', currency: 'eur' })).toEqual({
      ok: true, value: { amount_minor: 123450, currency: 'EUR' }, changed: true, rule: 'money', shown: '123450 EUR',
    });
  });
  it('given the currency decides the exponent, when normalised, then JPY 0 decimals and BHD 3', () => {
    expect(normalizeMoney({ amount: '1500', currency: 'JPY' })).toMatchObject({ value: { amount_minor: 1500 } });
    expect(normalizeMoney({ amount: '1.5', currency: 'BHD' })).toMatchObject({ value: { amount_minor: 1500 } });
  });
  it('given a German-formatted amount with the hint, when normalised, then parsed', () => {
    expect(normalizeMoney({ amount: '1.234,50', currency: '€' }, { decimalSeparator: ',' })).toMatchObject({ value: { amount_minor: 123450, currency: 'EUR' } });
  });
  it('given Billing minor units, when normalised, then kept and unchanged', () => {
    expect(normalizeMoney({ amount: 123450, currency: 'GBP' }, { unit: 'minor' })).toMatchObject({ value: { amount_minor: 123450, currency: 'GBP' }, changed: false });
  });
  it('given an amount without a currency, when normalised, then invalid unless a default is configured', () => {
    expect(normalizeMoney({ amount: '10.00', currency: null })).toMatchObject({ ok: false, invalid: 'currency_missing' });
    expect(normalizeMoney({ amount: '10.00', currency: '' }, { defaultCurrency: 'GBP' })).toMatchObject({ value: { amount_minor: 1000, currency: 'GBP' } });
  });
  it('given no amount, when normalised, then null money', () => {
    expect(normalizeMoney({ amount: null, currency: 'GBP' })).toMatchObject({ ok: true, value: null });
  });
  it('given a bad amount or currency, when normalised, then the inner reason', () => {
    expect(normalizeMoney({ amount: 'N/A', currency: 'GBP' })).toMatchObject({ ok: false, invalid: 'amount_not_a_number' });
    expect(normalizeMoney({ amount: '1.00', currency: 'POUNDS' })).toMatchObject({ ok: false, invalid: 'currency_unknown' });
  });
});
