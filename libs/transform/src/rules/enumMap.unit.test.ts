import { describe, expect, it } from 'vitest';
import { normalizeDate } from './calendarDate.js';
import { mapEnum } from './enumMap.js';
import { normalizeInteger } from './integer.js';

const ERP_TO_CRM = { map: { OPEN: 'ACTIVE', SUSPENDED: 'INACTIVE', CLOSED: 'CHURNED' } };

describe('mapEnum', () => {
  it('given an ERP status, when mapped through the table, then the CRM lifecycle symbol', () => {
    expect(mapEnum('OPEN', ERP_TO_CRM)).toEqual({ ok: true, value: 'ACTIVE', changed: true, rule: 'enum' });
  });
  it('given another spelling, when mapped, then case, spaces and dashes are ignored', () => {
    expect(mapEnum(' in progress', { allow: ['OPEN', 'IN_PROGRESS'] })).toMatchObject({ value: 'IN_PROGRESS' });
    expect(mapEnum('In-Progress', { allow: ['IN_PROGRESS'] })).toMatchObject({ value: 'IN_PROGRESS' });
  });
  it('given a canonical symbol already, when allowed, then unchanged', () => {
    expect(mapEnum('PAID', { allow: ['PAID'] })).toMatchObject({ value: 'PAID', changed: false });
  });
  it('given an unknown value, when mapped, then invalid unless a fallback exists', () => {
    expect(mapEnum('PENDING', ERP_TO_CRM)).toMatchObject({ ok: false, invalid: 'enum_unknown_value' });
    expect(mapEnum('PENDING', { ...ERP_TO_CRM, fallback: 'INACTIVE' })).toMatchObject({ value: 'INACTIVE' });
  });
});

describe('normalizeDate', () => {
  it.each([['1980-03-12', '1980-03-12'], ['1980/3/12', '1980-03-12'], ['12/03/1980', '1980-03-12'], ['29.02.2000', '2000-02-29']])('given %j, then %s', (input, out) => {
    expect(normalizeDate(input)).toMatchObject({ value: out });
  });
  it('given a US export, when order is mdy, then month first', () => {
    expect(normalizeDate('03/12/1980', { order: 'mdy' })).toMatchObject({ value: '1980-03-12' });
  });
  it.each([['1980-02-30', 'date_impossible'], ['1900-02-29', 'date_impossible'], ['12 March 1980', 'date_unparseable']])('given %j, then invalid %s', (input, reason) => {
    expect(normalizeDate(input)).toMatchObject({ ok: false, invalid: reason });
  });
});

describe('normalizeInteger', () => {
  it('given digit strings or integers, when normalised, then integers', () => {
    expect(normalizeInteger('12')).toMatchObject({ value: 12, changed: true });
    expect(normalizeInteger(-3)).toMatchObject({ value: -3, changed: false });
  });
  it('given fractions or values beyond Avro int, when normalised, then invalid', () => {
    expect(normalizeInteger(1.5)).toMatchObject({ ok: false, invalid: 'integer_invalid' });
    expect(normalizeInteger(2 ** 31)).toMatchObject({ ok: false, invalid: 'integer_out_of_range' });
    expect(normalizeInteger(2 ** 31, { size: 'long' })).toMatchObject({ value: 2 ** 31 });
  });
});
