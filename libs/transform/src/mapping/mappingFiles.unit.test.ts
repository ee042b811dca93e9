import { loadSchemas } from '@rivulet/contracts';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { applyMapping } from './applyMapping.js';
import { loadMappings } from './loadMappings.js';
import { SAMPLE_RAW_RECORDS } from './sampleRawRecords.unit.fixture.js';

const mappings = loadMappings();
const schemas = loadSchemas();
const types = new Map([...schemas].map(([name, s]) => [name, avro.Type.forSchema(s.schema as avro.Schema)]));
const ctx = { origin: { topic: 'raw.test', partition: 0, offset: 42 }, traceId: null };

/** Further samples that take the other branch of an output's `when` (an ERP consumer account is a person). */
const VARIANTS: Record<string, Record<string, unknown>[]> = {
  'erp.account': [{ ...SAMPLE_RAW_RECORDS['erp.account'], company_name: 'John  McDonald', segment: 'consumer', vat_id: null }],
  'billing.invoice': [{ ...SAMPLE_RAW_RECORDS['billing.invoice'], customer_name: 'Acme  Widgets Ltd', customer_email: 'accounts@acme.co.uk', segment: 'SMB' }],
};

describe('config/mappings', () => {
  it('given the mapping directory, when loaded, then every raw topic has a mapping', () => {
    expect([...mappings.keys()].sort()).toEqual(Object.keys(SAMPLE_RAW_RECORDS).sort());
  });

  it.each([...mappings.keys()])('given %s and a messy sample record, when applied, then every output is a valid canonical Avro value', (name) => {
    const mapping = mappings.get(name);
    const raw = SAMPLE_RAW_RECORDS[name];
    if (!mapping || !raw) throw new Error(`no sample for ${name}`);
    const results = [raw, ...(VARIANTS[name] ?? [])].map((r) => applyMapping(mapping, r, ctx));
    // Every output of the file is exercised by some sample.
    expect(new Set(results.flatMap((r) => r.outputs.map((o) => o.role)))).toEqual(new Set(mapping.outputs.map((o) => o.role)));
    for (const result of results) expect(result.invalid).toEqual([]);
    for (const output of results.flatMap((r) => r.outputs)) {
      const type = types.get(output.eventName);
      if (!type) throw new Error(`no schema ${output.eventName}`);
      const errors: string[] = [];
      type.isValid(output.value, { errorHook: (path, value) => errors.push(`${path.join('.')} = ${JSON.stringify(value)}`) });
      expect(errors, `${name} ${output.role}`).toEqual([]);
      expect(() => type.toBuffer(output.value)).not.toThrow();
    }
  });

  it('given an ERP account, when mapped, then a business yields an organisation and its contact, a consumer one person', () => {
    const mapping = mappings.get('erp.account')!;
    const parties = (raw: Record<string, unknown>) =>
      applyMapping(mapping, raw, ctx).outputs.filter((o) => o.eventName === 'CanonicalPartyRecorded').map((o) => [o.key, o.value.party_type, o.value.role]);
    expect(parties(SAMPLE_RAW_RECORDS['erp.account']!)).toEqual([
      ['erp:account:ACC-000001', 'ORGANIZATION', 'account'],
      ['erp:account:ACC-000001:account_contact', 'PERSON', 'account_contact'],
    ]);
    const consumer = applyMapping(mapping, VARIANTS['erp.account']![0]!, ctx).outputs.find((o) => o.role === 'account_holder')!;
    expect(parties(VARIANTS['erp.account']![0]!)).toEqual([['erp:account:ACC-000001', 'PERSON', 'account_holder']]);
    expect(consumer.value).toMatchObject({ given_name: 'John', family_name: 'McDonald', organization_name: null, email: 'john@acme.co.uk', address: { postcode: 'LS1 4AP' } });
  });

  it('given an invoice, when mapped, then a consumer is billed as a person and a business as an organisation', () => {
    const mapping = mappings.get('billing.invoice')!;
    const party = (raw: Record<string, unknown>) => applyMapping(mapping, raw, ctx).outputs.find((o) => o.eventName === 'CanonicalPartyRecorded')!.value;
    expect(party(SAMPLE_RAW_RECORDS['billing.invoice']!)).toMatchObject({ party_type: 'PERSON', role: 'billed_customer', full_name: 'Mary O’Brien', organization_name: null });
    expect(party(VARIANTS['billing.invoice']![0]!)).toMatchObject({ party_type: 'ORGANIZATION', role: 'billed_organization', full_name: null, organization_name: 'Acme Widgets Ltd' });
    // A missing segment keeps the old reading: a person.
    expect(party({ ...SAMPLE_RAW_RECORDS['billing.invoice'], segment: null })).toMatchObject({ party_type: 'PERSON' });
  });
});
