import { describe, expect, it } from 'vitest';
import { MappingApplicationError, MappingDefinitionError } from '../transformError.js';
import { applyMapping } from './applyMapping.js';
import { compileMapping } from './compileMapping.js';

const ctx = { origin: { topic: 'raw.crm.customer', partition: 3, offset: '17' }, tenantId: 'acme', now: 1_700_000_000_000 };

const mapping = compileMapping({
  version: 'crm.customer@1', source: 'crm', entity: 'customer', recordId: 'customer_id',
  outputs: [
    {
      event: 'CanonicalPartyRecorded', role: 'customer', key: 'party_key', nulls: ['full_name'],
      fields: [
        { target: 'party_key', template: 'crm:customer:{customer_id}' },
        { target: 'party_type', const: 'PERSON' },
        { target: 'family_name', from: 'last_name', rules: [['title_case_name']], required: true },
        { target: 'email', from: 'email', rules: [['email']] },
        { target: 'phone', from: 'phone', rules: [['phone', { defaultCountry: 'GB' }]], onInvalid: 'keep' },
        { target: 'address.city', from: 'city', rules: [['whitespace']] },
        { target: 'address.country_code', from: 'country', rules: [['country']] },
        { target: 'status', from: 'status', rules: [['enum', { map: { OPEN: 'ACTIVE' } }]], required: true },
      ],
    },
    {
      event: 'CanonicalPartyRecorded', role: 'contact', key: 'party_key', whenAnyPresent: ['contact_name'],
      fields: [
        { target: 'party_key', template: 'crm:customer:{customer_id}:contact' },
        { target: 'full_name', from: 'contact_name', rules: [['whitespace']] },
      ],
    },
  ],
}, 'test');

const raw = { customer_id: 'C1', last_name: "o'brien", email: 'a@b', phone: '020 7946 0000', city: ' ', country: 'UK', status: 'open', contact_name: null };

describe('applyMapping', () => {
  it('given a record, when mapped, then constants, templates and normalised values land on their targets', () => {
    const { outputs } = applyMapping(mapping, raw, ctx);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({
      eventName: 'CanonicalPartyRecorded', role: 'customer', key: 'crm:customer:C1',
      value: { party_key: 'crm:customer:C1', party_type: 'PERSON', family_name: "O'Brien", phone: '+442079460000', status: 'ACTIVE', full_name: null },
    });
  });

  it('given a field a rule changed, when mapped, then history has field, before, after and rule (and the output carries it)', () => {
    const { outputs, history } = applyMapping(mapping, raw, ctx);
    expect(history).toContainEqual({ field: 'customer.family_name', before: "o'brien", after: "O'Brien", rule: 'title_case_name' });
    expect(history).toContainEqual({ field: 'customer.address.country_code', before: 'UK', after: 'GB', rule: 'country' });
    expect(outputs[0]?.value.transformations).toContainEqual({ field: 'status', before: 'open', after: 'ACTIVE', rule: 'enum' });
  });

  it('given an invalid optional value, when mapped, then null on the target and listed in invalid', () => {
    const { outputs, invalid } = applyMapping(mapping, raw, ctx);
    expect(outputs[0]?.value.email).toBeNull();
    expect(invalid).toEqual([{ eventName: 'CanonicalPartyRecorded', role: 'customer', field: 'email', reason: 'email_missing_tld', rule: 'email' }]);
  });

  it('given onInvalid "keep", when the value is invalid, then the input value is kept and still reported', () => {
    const { outputs, invalid } = applyMapping(mapping, { ...raw, phone: '0000' }, ctx);
    expect(outputs[0]?.value.phone).toBe('0000');
    expect(invalid.map((i) => i.field)).toContain('phone');
  });

  it('given every field of a nested record empty, when mapped, then the nested record is null', () => {
    const { outputs } = applyMapping(mapping, { ...raw, country: null }, ctx);
    expect(outputs[0]?.value.address).toBeNull();
    const withCountry = applyMapping(mapping, raw, ctx);
    expect(withCountry.outputs[0]?.value.address).toEqual({ city: null, country_code: 'GB' });
  });

  it('given the condition of a secondary output holds, when mapped, then it is emitted too with its own event id', () => {
    const { outputs } = applyMapping(mapping, { ...raw, contact_name: ' Jo  Bloggs ' }, ctx);
    expect(outputs.map((o) => o.role)).toEqual(['customer', 'contact']);
    const [a, b] = outputs.map((o) => (o.value.envelope as { event_id: string }).event_id);
    expect(a).not.toBe(b);
  });

  it('given outputs conditioned on a raw value, when mapped, then only the output whose condition holds is emitted', () => {
    const byKind = compileMapping({
      version: 'erp.account@1', source: 'erp', entity: 'account', recordId: 'account_id',
      outputs: [
        { event: 'CanonicalPartyRecorded', role: 'organisation', key: 'party_key', when: { field: 'segment', notIn: ['CONSUMER'] },
          fields: [{ target: 'party_key', template: 'erp:account:{account_id}' }, { target: 'party_type', const: 'ORGANIZATION' }] },
        { event: 'CanonicalPartyRecorded', role: 'consumer', key: 'party_key', when: { field: 'segment', in: ['CONSUMER'] },
          fields: [{ target: 'party_key', template: 'erp:account:{account_id}' }, { target: 'party_type', const: 'PERSON' }] },
      ],
    });
    const roles = (segment: unknown) => applyMapping(byKind, { account_id: 'A1', segment }, ctx).outputs.map((o) => o.role);
    expect(roles('CONSUMER')).toEqual(['consumer']);
    expect(roles(' consumer ')).toEqual(['consumer']);
    expect(roles('SMB')).toEqual(['organisation']);
    // Without a segment the account stays what it was before the condition existed: an organisation.
    expect(roles(null)).toEqual(['organisation']);
    expect(roles('')).toEqual(['organisation']);
  });

  it('given the same record twice, when mapped, then identical outputs (pure, deterministic ids)', () => {
    expect(applyMapping(mapping, raw, ctx)).toEqual(applyMapping(mapping, raw, ctx));
  });

  it('given a raw envelope, when mapped, then envelope and source_record carry lineage and mapping version', () => {
    const envelope = { event_id: 'raw-1', tenant_id: 't1', event_time: 5, ingest_time: 6, pii_subject_id: 's1' };
    const value = applyMapping(mapping, { ...raw, envelope }, ctx).outputs[0]?.value;
    expect(value?.envelope).toMatchObject({
      tenant_id: 't1', source_system: 'transform', event_time: 5, ingest_time: 6, pii_subject_id: 's1',
      lineage: { origin_topic: 'raw.crm.customer', origin_partition: 3, origin_offset: 17, mapping_version: 'crm.customer@1' },
    });
    expect(value?.source_record).toEqual({ event_id: 'raw-1', source_system: 'crm', entity: 'customer', record_id: 'C1', topic: 'raw.crm.customer', partition: 3, offset: 17 });
  });

  it('given a required target missing, when mapped, then MappingApplicationError naming field and raw field (dead letter)', () => {
    const error = (() => { try { applyMapping(mapping, { ...raw, last_name: '' }, ctx); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(MappingApplicationError);
    expect((error as MappingApplicationError).retriable).toBe(false);
    expect((error as Error).message).toBe('crm.customer@1 customer: required "family_name" is missing (raw field "last_name")');
  });

  it('given a required enum with an unknown value, when mapped, then MappingApplicationError with the reason', () => {
    expect(() => applyMapping(mapping, { ...raw, status: 'weird' }, ctx)).toThrow(/"status" is invalid \(enum_unknown_value/);
  });

  it('given no record id, when mapped, then MappingApplicationError', () => {
    expect(() => applyMapping(mapping, { ...raw, customer_id: null }, ctx)).toThrow(MappingApplicationError);
  });
});

describe('compileMapping', () => {
  const base = { version: 'crm.customer@1', source: 'crm', entity: 'customer', recordId: 'id' };
  const output = (fields: unknown[]) => ({ ...base, outputs: [{ event: 'CanonicalPartyRecorded', role: 'customer', key: 'k', fields: [{ target: 'k', from: 'id' }, ...fields] }] });

  it('given an unknown rule, when compiled, then MappingDefinitionError naming the place', () => {
    expect(() => compileMapping(output([{ target: 'x', from: 'x', rules: [['soundex']] }]), 'crm.customer.json'))
      .toThrow(/crm.customer.json: outputs\[0\] \(customer\) field "x" rules\[0\]: unknown rule "soundex"/);
  });
  it('given bad rule parameters, when compiled, then MappingDefinitionError', () => {
    expect(() => compileMapping(output([{ target: 'x', from: 'x', rules: [['timestamp', { zone: 'Mars/Olympus' }]] }]))).toThrow(MappingDefinitionError);
    expect(() => compileMapping(output([{ target: 'x', from: 'x', rules: [['phone', { country: 'GB' }]] }]))).toThrow(/bad parameters for rule "phone"/);
  });
  it('given a version not matching source and entity, or a field with from and const, when compiled, then refused', () => {
    expect(() => compileMapping({ ...output([]), version: 'erp.account@1' })).toThrow(/version must start with/);
    expect(() => compileMapping(output([{ target: 'x', from: 'x', const: 'y' }]))).toThrow(/exactly one of/);
  });
  it('given a target mapped twice, when compiled, then refused', () => {
    expect(() => compileMapping(output([{ target: 'k', const: 'y' }]))).toThrow(/mapped twice/);
  });
});
