import { describe, expect, it } from 'vitest';
import { deduplicate, match, validateMatches } from './matchRecords.js';
import { reconcile } from './reconcile.js';

const bob = { id: '1', source: 'crm', first_name: 'Bob', last_name: 'Smith', email: 'bob.smith@example.com', phone: '+447700900123', dob: '1980-04-12', postcode: 'SW1A 1AA' };
const robert = { id: '2', source: 'billing', first_name: 'Robert', last_name: 'Smith', email: 'bob.smith@example.com', phone: '07700900123', dob: '1980-04-12', postcode: 'SW1A1AA' };
const alice = { id: '3', source: 'erp', first_name: 'Alice', last_name: 'Jones', email: 'alice@example.org', dob: '1990-01-01', postcode: 'M1 1AE' };

describe('seed functions', () => {
  it('given two records of one person and one other, when reconciled, then one duplicate is removed', () => {
    let t = 1000;
    const out = reconcile({ source_data: [bob, robert, alice], merge_strategy: 'priority_based' }, () => (t += 250));
    expect(out).toMatchObject({ total_records: 3, matches_found: 1, duplicates_removed: 1, execution_time: 0.25 });
    expect(out.confidence_scores[0]).toBeGreaterThan(0.8);
    expect(out.merged_records).toHaveLength(2);
    expect(out.merged_records.find((r) => r.family_name === 'Smith')).toMatchObject({ given_name: 'Bob', member_ids: ['crm:record:1', 'billing:record:2'] });
    expect(reconcile({ source_data: [bob, robert, alice] }).reconciliation_id).toBe(out.reconciliation_id);
  });

  it('given a record and candidates, when matched, then the best candidate comes first', () => {
    const out = match({ record: bob, candidates: [alice, robert] });
    expect(out.matches.map((m) => [m.candidate_index, m.decision])).toEqual([[1, 'MATCH'], [0, 'NON_MATCH']]);
  });

  it('given duplicates, when deduplicated, then the first of each cluster is kept', () => {
    const out = deduplicate({ records: [bob, alice, robert] });
    expect(out.unique_records).toEqual([bob, alice]);
    expect(out.duplicates).toEqual([{ record_index: 2, duplicate_of: 0 }]);
  });

  it('given proposed pairs, when validated, then weak pairs are flagged invalid', () => {
    const out = validateMatches({ matches: [{ record_a: bob, record_b: robert }, { record_a: bob, record_b: alice }] });
    expect(out.results.map((r) => r.valid)).toEqual([true, false]);
    expect([out.valid_count, out.invalid_count]).toEqual([1, 1]);
  });
});
