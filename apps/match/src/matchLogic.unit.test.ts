import { loadSchemas, type CanonicalPartyRecorded } from '@rivulet/contracts';
import { prepareRecord, type GoldenEntityUpdated, type PartyRecord } from '@rivulet/matching';
import { describe, expect, it } from 'vitest';
import { blockIndexEntries, probeSortKey } from './blockIndex.js';
import { matchConfigSchema, matchSettingsOf } from './config.js';
import { isPoison } from './matchAppError.js';
import { defaultMatchSettings, resolveConfigFor } from './matchSettings.js';
import { partyRecordOf } from './partyRecordOf.js';
import { protectGolden } from './protectGolden.js';

const canonical = (over: Partial<CanonicalPartyRecorded> = {}): CanonicalPartyRecorded =>
  ({
    envelope: { event_id: 'e-1', tenant_id: 'acme', source_system: 'transform', event_time: 1_000, ingest_time: 1_001, schema_version: 1, lineage: null, pii_subject_id: 'subj-1', trace_id: null },
    source_record: { event_id: 'r-1', source_system: 'crm', entity: 'customer', record_id: 'C1', topic: 'raw.crm.customer', partition: 0, offset: 5 },
    party_key: 'crm:customer:C1',
    party_type: 'PERSON',
    role: 'customer',
    given_name: 'pii:v1:c3Viai0x:AAAA',
    middle_name: null,
    family_name: 'pii:v1:c3Viai0x:BBBB',
    full_name: null,
    organization_name: null,
    email: 'pii:v1:c3Viai0x:CCCC',
    phone: null,
    date_of_birth: null,
    address: { street: 'pii:v1:c3Viai0x:DDDD', city: 'London', postcode: 'SW1A 1AA', country_code: 'GB' },
    region: null,
    segment: null,
    status: 'ACTIVE',
    created_at: null,
    updated_at: 2_000,
    transformations: [],
    ...over,
  }) as CanonicalPartyRecorded;

describe('partyRecordOf', () => {
  it('given a canonical party, when mapped, then origin system, source time and subject are lifted and ciphertext is kept', () => {
    const r = partyRecordOf(canonical());
    expect(r).toMatchObject({ tenant_id: 'acme', party_key: 'crm:customer:C1', source_system: 'crm', event_time: 2_000, event_id: 'e-1', pii_subject_id: 'subj-1' });
    expect(r.email).toBe('pii:v1:c3Viai0x:CCCC');
  });

  it('given no updated_at, when mapped, then the envelope event time drives most_recent', () => {
    expect(partyRecordOf(canonical({ updated_at: null })).event_time).toBe(1_000);
  });

  it('given no tenant, when mapped, then it is a poison record', () => {
    const bad = canonical();
    bad.envelope.tenant_id = '';
    expect(() => partyRecordOf(bad)).toThrow(/tenant_id/);
    try {
      partyRecordOf(bad);
    } catch (error) {
      expect(isPoison(error)).toBe(true);
    }
  });
});

describe('isPoison', () => {
  it('given errors, when classified, then only explicit non-retriable ones and bugs are poison', () => {
    expect(isPoison(Object.assign(new Error('pg: connection terminated'), { code: '57P01' }))).toBe(false);
    expect(isPoison(Object.assign(new Error('registry down'), { retriable: true }))).toBe(false);
    expect(isPoison(Object.assign(new Error('bad value'), { retriable: false }))).toBe(true);
    expect(isPoison(new TypeError('x is undefined'))).toBe(true);
  });
});

describe('blockIndexEntries', () => {
  const clear: PartyRecord = { tenant_id: 'acme', party_key: 'crm:customer:C1', source_system: 'crm', event_time: 1, party_type: 'PERSON', given_name: 'Mary', family_name: "O'Brien", email: 'mary@example.com', date_of_birth: '1980-03-12' };
  const hash = (t: string, v: string) => `h(${t}|${v.length})${Buffer.from(v).toString('hex').slice(-8)}`;

  it('given a record, when indexed, then only keyed hashes are stored, never the clear key', () => {
    const entries = blockIndexEntries(prepareRecord(clear), hash);
    expect(entries.length).toBeGreaterThan(2);
    expect(JSON.stringify(entries)).not.toMatch(/mary|brien|example/i);
  });

  it('given two records with the same name, when sort keys are hashed, then they share a prefix (neighbours in an oversized block)', () => {
    const a = probeSortKey(prepareRecord(clear), hash);
    const b = probeSortKey(prepareRecord({ ...clear, party_key: 'erp:account:A1', date_of_birth: '1990-01-01' }), hash);
    expect(a.slice(0, 16)).toBe(b.slice(0, 16));
    expect(a).not.toBe(b);
  });
});

describe('protectGolden', () => {
  const stored = (key: string, email: string): PartyRecord => ({ tenant_id: 'acme', party_key: key, source_system: key.split(':')[0]!, event_time: 1, party_type: 'PERSON', given_name: `pii:v1:${key}:given`, family_name: null, email, address: { street: `pii:v1:${key}:street`, city: 'Leeds', postcode: null, country_code: null } });
  const golden = (fields: Partial<GoldenEntityUpdated['golden']>): GoldenEntityUpdated =>
    ({ entity_id: 'ent_1', golden: { party_type: 'PERSON', given_name: null, family_name: null, full_name: null, organization_name: null, email: null, phone: null, date_of_birth: null, address: null, region: null, segment: null, ...fields } }) as GoldenEntityUpdated;
  const prov = (party_key: string) => ({ party_key, source_system: 'x', event_time: 1 });

  it('given a golden built from two members, when protected, then each personal field is the ciphertext of the member it came from', () => {
    const records = new Map([
      ['crm:c:1', stored('crm:c:1', 'pii:v1:crm:email')],
      ['erp:a:1', stored('erp:a:1', 'pii:v1:erp:email')],
    ]);
    const out = protectGolden(
      golden({ given_name: 'Mary', email: 'mary@erp.example', address: { street: '1 High St', city: 'Leeds', postcode: null, country_code: null }, region: 'North' }),
      { given_name: prov('crm:c:1'), email: prov('erp:a:1'), address: prov('erp:a:1'), region: prov('crm:c:1') },
      records,
    );
    expect(out.golden).toMatchObject({ given_name: 'pii:v1:crm:c:1:given', email: 'pii:v1:erp:email', region: 'North' });
    expect(out.golden.address?.street).toBe('pii:v1:erp:a:1:street');
  });

  it('given a personal value without a stored member, when protected, then it refuses rather than publish clear text', () => {
    expect(() => protectGolden(golden({ email: 'mary@example.com' }), {}, new Map())).toThrow(/in clear/);
  });
});

describe('configuration', () => {
  const base = { RIVULET_MASTER_KEY: 'k' };

  it('given no match variables, when parsed, then the documented defaults apply', () => {
    const settings = matchSettingsOf(matchConfigSchema.parse(base));
    expect(settings).toMatchObject({ confidenceThreshold: 0.8, reviewThreshold: 0.5, mergeStrategy: { default: 'most_complete' }, sourcePriority: { default: ['crm', 'erp', 'billing'] } });
  });

  it('given per-tenant strategy and priority, when resolved for a tenant, then its own values win over the default', () => {
    const settings = matchSettingsOf(
      matchConfigSchema.parse({ ...base, MATCH_MERGE_STRATEGY: '{"default":"priority_based","t2":"most_recent"}', MATCH_SOURCE_PRIORITY: '{"default":["crm","erp"],"t2":["billing"]}', MATCH_CONFIDENCE_THRESHOLD: '0.9' }),
    );
    expect(resolveConfigFor(settings, 't1').golden).toMatchObject({ default_strategy: 'priority_based', source_priority: ['crm', 'erp'] });
    const t2 = resolveConfigFor(settings, 't2');
    expect(t2).toMatchObject({ confidence_threshold: 0.9, golden: { default_strategy: 'most_recent', tenant_source_priority: { t2: ['billing'] } } });
  });

  it('given per-field strategies, when resolved for a tenant, then its fields override the default fields one by one', () => {
    const settings = matchSettingsOf(matchConfigSchema.parse({
      ...base,
      MATCH_MERGE_STRATEGY: 'most_complete',
      MATCH_FIELD_STRATEGIES: '{"default":{"email":"most_recent","given_name":"priority_based"},"t2":{"email":"priority_based"}}',
    }));
    expect(resolveConfigFor(settings, 't1').golden).toMatchObject({ default_strategy: 'most_complete', field_strategies: { email: 'most_recent', given_name: 'priority_based' } });
    expect(resolveConfigFor(settings, 't2').golden.field_strategies).toEqual({ email: 'priority_based', given_name: 'priority_based' });
    expect(resolveConfigFor(matchSettingsOf(matchConfigSchema.parse(base)), 't1').golden.field_strategies).toEqual({});
  });

  it('given a field strategy for an unknown field or strategy, when parsed, then MATCH_FIELD_STRATEGIES is named', () => {
    for (const bad of ['{"default":{"shoe_size":"most_recent"}}', '{"default":{"email":"newest"}}', '{"email":"most_recent"}', 'email=most_recent']) {
      const result = matchConfigSchema.safeParse({ ...base, MATCH_FIELD_STRATEGIES: bad });
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues.map((i) => i.path[0]), bad).toContain('MATCH_FIELD_STRATEGIES');
    }
  });

  it('given a plain strategy name, when parsed, then it applies to every tenant', () => {
    expect(resolveConfigFor(matchSettingsOf(matchConfigSchema.parse({ ...base, MATCH_MERGE_STRATEGY: 'most_recent' })), 'any').golden.default_strategy).toBe('most_recent');
  });

  it('given malformed values, when parsed, then each variable is named', () => {
    const result = matchConfigSchema.safeParse({ ...base, MATCH_MERGE_STRATEGY: 'best', MATCH_SOURCE_PRIORITY: 'crm,erp', MATCH_REVIEW_THRESHOLD: '0.95' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['MATCH_MERGE_STRATEGY', 'MATCH_SOURCE_PRIORITY']));
  });

  it('given the default settings, when resolved, then thresholds match the seed', () => {
    expect(resolveConfigFor(defaultMatchSettings, 'x')).toMatchObject({ confidence_threshold: 0.8, review_threshold: 0.5, review_joins: true });
  });
});

// The reveal step relies on PartyRecord using the canonical schema's field names for its personal fields.
describe('canonical party schema', () => {
  it('given the contract, when its personal fields are listed, then each is a PartyRecord field', () => {
    const fields = JSON.stringify(loadSchemas().get('CanonicalPartyRecorded')!.schema);
    for (const f of ['given_name', 'family_name', 'full_name', 'email', 'phone', 'date_of_birth', 'street']) expect(fields).toContain(`"${f}"`);
  });
});
