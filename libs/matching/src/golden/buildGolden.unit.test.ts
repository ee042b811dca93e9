import { describe, expect, it } from 'vitest';
import { person } from '../__fixtures__/person.js';
import { buildGolden } from './buildGolden.js';
import { defaultGoldenConfig } from './goldenConfig.js';

const crm = person('crm:customer:1', { event_time: 100, email: 'old@crm.example', phone: null });
const billing = person('billing:invoice:7', { event_time: 300, email: 'new@billing.example', date_of_birth: null, address: null });
const erp = person('erp:account:3', { event_time: 200, email: null, organization_name: 'Acme Ltd' });

describe('buildGolden', () => {
  it('given most_recent, when built, then each field comes from the newest member that has it', () => {
    const { golden, provenance } = buildGolden([crm, billing, erp], { ...defaultGoldenConfig, default_strategy: 'most_recent' });
    expect(golden.email).toBe('new@billing.example');
    expect(provenance.email?.party_key).toBe('billing:invoice:7');
    expect(provenance.date_of_birth?.party_key).toBe('erp:account:3');
  });

  it('given priority_based with a tenant override, when built, then the tenant list wins', () => {
    const config = { ...defaultGoldenConfig, default_strategy: 'priority_based' as const, tenant_source_priority: { t1: ['billing', 'crm'] } };
    expect(buildGolden([crm, billing, erp], config).golden.email).toBe('new@billing.example');
    expect(buildGolden([crm, billing, erp], { ...config, tenant_source_priority: {} }).golden.email).toBe('old@crm.example');
  });

  it('given most_complete, when built, then the member with most fields supplies it (tie: most recent)', () => {
    const { provenance } = buildGolden([crm, billing, erp], defaultGoldenConfig);
    // erp has 10 non-null fields (organisation added), crm 9 (no phone) → erp supplies given_name.
    expect(provenance.given_name?.party_key).toBe('erp:account:3');
    expect(provenance.email?.party_key).toBe('crm:customer:1');
  });

  it('given per-field strategies, when built, then each field follows its own', () => {
    const { provenance } = buildGolden([crm, billing, erp], {
      ...defaultGoldenConfig,
      field_strategies: { email: 'most_recent' },
    });
    expect(provenance.email?.party_key).toBe('billing:invoice:7');
    expect(provenance.given_name?.party_key).toBe('erp:account:3');
  });

  it('given members in any order, when built, then the result is the same', () => {
    expect(buildGolden([erp, billing, crm])).toEqual(buildGolden([crm, erp, billing]));
  });
});
