import { describe, expect, it } from 'vitest';
import { coerceRecord } from './coerceRecord.js';
import { coerceValue } from './coerceValue.js';
import { resolveRawTopic, type FieldSpec } from './rawTopic.js';

const field = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name: 'f', kind, nullable: false, pii: false, ...extra });

describe('coerceValue', () => {
  it('given CSV strings, when coerced, then gives ints, longs, timestamps, booleans and enums', () => {
    expect(coerceValue(field('int'), ' 42 ')).toEqual({ value: 42 });
    expect(coerceValue(field('long'), '-9007199254740991')).toEqual({ value: -9007199254740991 });
    expect(coerceValue(field('timestamp-millis'), '2024-01-01T00:00:00Z')).toEqual({ value: Date.UTC(2024, 0, 1) });
    expect(coerceValue(field('double'), '1.5e3')).toEqual({ value: 1500 });
    expect(coerceValue(field('boolean'), 'TRUE')).toEqual({ value: true });
    expect(coerceValue(field('enum', { symbols: ['IN_PROGRESS', 'OPEN'] }), ' in progress ')).toEqual({ value: 'IN_PROGRESS' });
  });

  it('given empty values, when coerced, then nullable non-strings become null and strings keep the empty string', () => {
    expect(coerceValue(field('long', { nullable: true }), '')).toEqual({ value: null });
    expect(coerceValue(field('string', { nullable: true }), '')).toEqual({ value: '' });
    expect(coerceValue(field('string', { nullable: true }), null)).toEqual({ value: null });
    expect(coerceValue(field('int'), '  ')).toEqual({ error: 'required' });
    expect(coerceValue(field('string'), undefined)).toEqual({ error: 'required' });
  });

  it('given wrong values, when coerced, then gives a reason per type', () => {
    expect(coerceValue(field('int'), '3000000000')).toEqual({ error: 'expected a 32-bit integer, got "3000000000"' });
    expect(coerceValue(field('int'), 1.5)).toEqual({ error: 'expected a 32-bit integer, got 1.5' });
    expect(coerceValue(field('long'), 'ten')).toEqual({ error: 'expected an integer, got "ten"' });
    expect(coerceValue(field('enum', { symbols: ['A', 'B'] }), 'c')).toEqual({ error: 'expected one of A, B, got "c"' });
    expect(coerceValue(field('timestamp-millis'), '31/01/2024')).toMatchObject({ error: expect.stringMatching(/ISO-8601.*"31\/01\/2024"/) });
    expect(coerceValue(field('string'), { a: 1 })).toEqual({ error: 'expected a string, got an object' });
  });

  it('given a personal field, when its value is wrong, then the reason never quotes it', () => {
    expect(coerceValue(field('string', { pii: true }), ['secret'])).toEqual({ error: 'expected a string, got an array of 1' });
    expect(coerceValue(field('enum', { pii: true, symbols: ['A'] }), 'Jane Doe')).toEqual({ error: 'expected one of A, got a value of 8 characters' });
  });
});

describe('coerceRecord', () => {
  const customers = resolveRawTopic('crm', 'customer');
  const valid = {
    customer_id: 'CUS-1', first_name: 'Ann', middle_name: null, last_name: 'Lee', email: 'ann@example.com', phone: '',
    date_of_birth: '1980-02-03', street: '1 High St', city: 'Leeds', postcode: 'LS1 1AA', country: 'UK', region: 'north',
    segment: 'consumer', status: 'Active', created_at: '2020-01-01T00:00:00Z', updated_at: '2024-01-31T09:15:00.000Z',
  };

  it('given a valid record, when coerced, then keeps contract order and converts types', () => {
    const result = coerceRecord(customers, { ...valid, tenant_id: 'someone-else', envelope: { x: 1 } });
    expect(result).toMatchObject({ ok: true, value: { status: 'ACTIVE', segment: 'CONSUMER', phone: '', updated_at: Date.UTC(2024, 0, 31, 9, 15) } });
    expect(result.ok && Object.keys(result.value)).toEqual(customers.fields.map((f) => f.name));
  });

  it('given several problems, when coerced, then lists each with its field', () => {
    const result = coerceRecord(customers, { ...valid, first_name: undefined, status: 'gone', updated_at: 'soon', shoe_size: 9 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons).toEqual([
      'first_name: required',
      'status: expected one of ACTIVE, INACTIVE, PROSPECT, CHURNED, got "gone"',
      expect.stringMatching(/^updated_at: expected an ISO-8601/),
      'shoe_size: not a field of CrmCustomerRecordReceived (value a number)',
    ]);
  });
});
