import { describe, expect, it } from 'vitest';
import { person } from '../__fixtures__/person.js';
import { prepareRecord } from '../prepareRecord.js';
import { compareRecords } from './compareRecords.js';
import { COMPARISON_FIELDS, matchedFields } from './comparisonFields.js';

const idx = (name: string) => COMPARISON_FIELDS.findIndex((f) => f.name === name);
const cmp = (a: Parameters<typeof person>[1], b: Parameters<typeof person>[1]) =>
  compareRecords(prepareRecord(person('a:x:1', a)), prepareRecord(person('b:x:2', b)));

describe('compareRecords', () => {
  it('given Bob and Robert, when compared, then the given name agrees at the top level', () => {
    const v = cmp({ given_name: 'Bob' }, { given_name: 'Robert' });
    expect(v[idx('given_name')]).toBe(3);
  });

  it('given Liz and Elizabeth but nicknames off, when compared, then they do not fully agree', () => {
    const a = prepareRecord(person('a:x:1', { given_name: 'Liz' }));
    const b = prepareRecord(person('b:x:2', { given_name: 'Elizabeth' }));
    expect(compareRecords(a, b, { nicknames: false, swappedNames: true })[idx('given_name')]).toBeLessThan(3);
  });

  it('given first and last name swapped, when compared, then both names agree', () => {
    const v = cmp({ given_name: 'Martha', family_name: 'Jones' }, { given_name: 'Jones', family_name: 'Martha' });
    expect([v[idx('given_name')], v[idx('family_name')]]).toEqual([3, 3]);
  });

  it('given a typo in the surname, when compared, then it is a partial, not an exact, agreement', () => {
    const v = cmp({ family_name: 'Johnson' }, { family_name: 'Jonhson' });
    expect(v[idx('family_name')]).toBe(2);
  });

  it('given a missing email on one side, when compared, then the email level is null', () => {
    expect(cmp({ email: null }, {})[idx('email')]).toBeNull();
  });

  it('given the same national number with and without country code, when compared, then phone partially agrees', () => {
    expect(cmp({ phone: '+447700900123' }, { phone: '07700900123' })[idx('phone')]).toBe(1);
  });

  it('given day and month swapped, when compared, then the birth date partially agrees', () => {
    expect(cmp({ date_of_birth: '1980-04-12' }, { date_of_birth: '1980-12-04' })[idx('date_of_birth')]).toBe(1);
  });

  it('given company names differing only by legal form, when compared, then organisation agrees fully', () => {
    const v = cmp({ organization_name: 'Acme Widgets Ltd' }, { organization_name: 'ACME Widgets Limited' });
    expect(v[idx('organization')]).toBe(2);
  });

  it('given identical records, when compared, then matchedFields lists every present field', () => {
    const v = cmp({}, {});
    expect(matchedFields(v)).toEqual(['given_name', 'family_name', 'date_of_birth', 'email', 'phone', 'postcode', 'street', 'city']);
  });
});
