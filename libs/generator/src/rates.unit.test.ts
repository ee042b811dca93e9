import { describe, expect, it } from 'vitest';
import { DEFECT_SPECS } from './defectCatalog.js';
import type { DefectCategory } from './defectRules.js';
import { collect } from './testSupport.js';
import { PARTY_TOPICS } from './topics.js';

// Probabilities are per record, so on ~10k records the observed share sits within a few points of the rate.
describe('configured rates', () => {
  const defects = { missing: 0.1, invalidFormat: 0, outOfRange: 0.05, outlier: 0, inconsistency: 0 };
  const variations = { phoneFormat: 0.5, nickname: 0, typo: 0, swappedNames: 0, missingMiddleName: 0, addressFormat: 0, emailChanged: 0, countrySpelling: 0.2 };
  const records = collect({ records: 10_000, seed: 'rates', defects, variations, duplicates: 0.1, incident: null });

  const share = (category: DefectCategory) => {
    const eligible = records.filter((r) => DEFECT_SPECS[r.topic].some((s) => s.category === category));
    const hit = eligible.filter((r) => r.truth.defects.some((code) => DEFECT_SPECS[r.topic].find((s) => s.code === code)?.category === category));
    return hit.length / eligible.length;
  };

  it('plants defects per category at about the configured rate, and none of a category set to 0', () => {
    expect(share('missing')).toBeGreaterThan(0.085);
    expect(share('missing')).toBeLessThan(0.115);
    expect(share('outOfRange')).toBeGreaterThan(0.038);
    expect(share('outOfRange')).toBeLessThan(0.062);
    expect(share('invalidFormat')).toBe(0);
    expect(share('inconsistency')).toBe(0);
  });

  it('applies variations at about the configured rate, and never one set to 0', () => {
    const party = records.filter((r) => PARTY_TOPICS.includes(r.topic));
    const rate = (code: string) => party.filter((r) => r.truth.variations.includes(code)).length / party.length;
    expect(rate('phone_format')).toBeGreaterThan(0.46);
    expect(rate('phone_format')).toBeLessThan(0.54);
    expect(rate('country_spelling')).toBeGreaterThan(0.17);
    expect(rate('country_spelling')).toBeLessThan(0.23);
    expect(rate('nickname') + rate('typo:first_name') + rate('swapped_names')).toBe(0);
  });

  it('makes about the configured share of CRM customers a second record of a known person', () => {
    const crm = records.filter((r) => r.topic === 'raw.crm.customer');
    const duplicates = crm.filter((r) => r.truth.variations.includes('duplicate_record')).length / crm.length;
    expect(duplicates).toBeGreaterThan(0.07);
    expect(duplicates).toBeLessThan(0.13);
  });

  it('plants nothing when every rate is 0', () => {
    const zero = { missing: 0, invalidFormat: 0, outOfRange: 0, outlier: 0, inconsistency: 0 };
    const clean = collect({ records: 2_000, seed: 'clean', defects: zero, incident: null });
    expect(clean.filter((r) => r.truth.defects.length > 0)).toEqual([]);
  });
});
