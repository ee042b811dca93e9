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

  it('given email most_recent and names priority_based, when two tenants rank sources differently, then names differ by tenant and email does not', () => {
    const config = {
      ...defaultGoldenConfig,
      default_strategy: 'most_complete' as const,
      field_strategies: { email: 'most_recent' as const, given_name: 'priority_based' as const, family_name: 'priority_based' as const },
      source_priority: ['crm', 'erp', 'billing'],
      tenant_source_priority: { t2: ['billing', 'erp', 'crm'] },
    };
    const members = (tenant: string) => [
      person('crm:customer:1', { tenant_id: tenant, event_time: 100, given_name: 'Bob', email: 'bob@crm.example' }),
      person('billing:invoice:7', { tenant_id: tenant, event_time: 300, given_name: 'Robert', email: 'robert@billing.example' }),
      person('erp:account:3', { tenant_id: tenant, event_time: 200, given_name: 'Rob', email: null }),
    ];
    const t1 = buildGolden(members('t1'), config);
    const t2 = buildGolden(members('t2'), config);
    expect([t1.golden.given_name, t2.golden.given_name]).toEqual(['Bob', 'Robert']);
    expect([t1.provenance.family_name?.source_system, t2.provenance.family_name?.source_system]).toEqual(['crm', 'billing']);
    expect([t1.golden.email, t2.golden.email]).toEqual(['robert@billing.example', 'robert@billing.example']);
    // A field without its own strategy follows the default, most_complete: crm and billing are equally complete
    // (erp has no email), and the tie goes to the most recent, billing.
    expect(t1.provenance.phone?.party_key).toBe('billing:invoice:7');
  });

  it('given members in any order, when built, then the result is the same', () => {
    expect(buildGolden([erp, billing, crm])).toEqual(buildGolden([crm, erp, billing]));
  });
});
