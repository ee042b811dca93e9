import { describe, expect, it } from 'vitest';
import { person, rng } from '../__fixtures__/person.js';
import { prepareRecord } from '../prepareRecord.js';
import { blockingKeys, defaultBlockingConfig } from './blockingKeys.js';
import { candidatePairs } from './candidatePairs.js';
import { addEvidence, topCandidates } from './candidateBudget.js';
import { capBlock } from './capBlock.js';

describe('blockingKeys', () => {
  it('given identical records of two tenants, when keyed, then they share no block', () => {
    const a = blockingKeys(prepareRecord(person('crm:customer:1', { tenant_id: 'acme' })));
    const b = blockingKeys(prepareRecord(person('crm:customer:1', { tenant_id: 'globex' })));
    expect(a.length).toBeGreaterThan(3);
    expect(a.filter((k) => b.includes(k))).toEqual([]);
  });

  it('given a nickname and swapped names, when keyed, then the name block is shared', () => {
    const a = blockingKeys(prepareRecord(person('crm:customer:1', { given_name: 'Bob', family_name: 'Smith' })));
    const b = blockingKeys(prepareRecord(person('erp:account:1', { given_name: 'Smith', family_name: 'Robert' })));
    expect(a.filter((k) => k.includes('n:') && b.includes(k))).toHaveLength(1);
  });

  it('given phones with different country prefixes, when keyed, then the phone-suffix block is shared', () => {
    const a = blockingKeys(prepareRecord(person('a:x:1', { phone: '+447700900123' })));
    const b = blockingKeys(prepareRecord(person('b:x:1', { phone: '07700900123' })));
    expect(a.some((k) => k.includes('p:0900123') && b.includes(k))).toBe(true);
  });
});

describe('candidatePairs', () => {
  it('given the same people in two tenants, when paired, then no pair crosses tenants', () => {
    const records = ['acme', 'globex'].flatMap((t) =>
      [1, 2, 3].map((i) => prepareRecord(person(`crm:customer:${i}`, { tenant_id: t }))),
    );
    const pairs = [...candidatePairs(records)];
    expect(pairs.length).toBeGreaterThan(0);
    for (const [a, b] of pairs) expect(records[a]!.tenant).toBe(records[b]!.tenant);
  });

  it('given one huge block, when paired, then comparisons per record stay bounded by the window', () => {
    const make = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        prepareRecord(person(`crm:customer:${i}`, { given_name: `G${i}`, email: null, phone: null, date_of_birth: null, address: null })),
      );
    const perRecord = (n: number) => [...candidatePairs(make(n))].length / n;
    const small = perRecord(500);
    const large = perRecord(4000);
    expect(small).toBeLessThanOrEqual(defaultBlockingConfig.window * 2);
    expect(large).toBeLessThanOrEqual(small * 1.1);
  });

  // Few names and postcodes: every composite block (postcode + street, family + birth date, ...) grows with
  // n, so without the per-record budget comparisons per record keep climbing until all blocks are capped.
  const crowd = (n: number) => {
    const random = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const int = (k: number) => Math.floor(random() * k);
    return Array.from({ length: n }, (_, i) =>
      prepareRecord(person(`crm:customer:${i}`, {
        given_name: pick(['Ann', 'Bea', 'Cal', 'Dan', 'Eve', 'Fay']),
        family_name: pick(['Hall', 'Wood', 'King', 'Ross', 'Shaw']),
        email: `u${i}@example.com`,
        phone: `+4477009${String(i).padStart(5, '0')}`,
        date_of_birth: `19${50 + int(40)}-0${1 + int(9)}-1${int(9)}`,
        address: { street: `${int(100)} High Street`, city: 'Leeds', postcode: `LS${int(20)} 1AA`, country_code: 'GB' },
      })),
    );
  };

  it('given blocks that all grow with the input, when paired, then comparisons per record stay within the budget', () => {
    const perRecord = (n: number) => [...candidatePairs(crowd(n))].length / n;
    const [small, large] = [perRecord(1_000), perRecord(5_000)];
    expect(large).toBeLessThanOrEqual(defaultBlockingConfig.maxCandidates);
    expect(large).toBeLessThanOrEqual(small * 1.15);
    // The budget is what binds: without it the same 5 000 records cost more than 10% more per record.
    const unbounded = [...candidatePairs(crowd(5_000), { ...defaultBlockingConfig, maxCandidates: 0 })].length / 5_000;
    expect(unbounded).toBeGreaterThan(large * 1.1);
  });

  it('given a duplicate in a crowd, when paired, then the budget keeps it (it shares more blocks than any stranger)', () => {
    const records = crowd(2_000);
    const twin = prepareRecord({ ...records[1234]!.record, party_key: 'erp:account:twin', email: 'twin@example.org' });
    const pairs = [...candidatePairs([...records, twin])];
    expect(pairs).toContainEqual([1234, 2_000]);
  });
});

describe('candidate budget', () => {
  it('given candidates sharing more and rarer blocks, when budgeted, then those are kept and the rest dropped', () => {
    const weights = new Map<string, number>();
    for (const k of ['a', 'b', 'c', 'd']) addEvidence(weights, k, 40); // one common block each
    addEvidence(weights, 'e', 2); // one rare block
    for (let i = 0; i < 3; i++) addEvidence(weights, 'f', 40); // three common blocks
    expect(topCandidates(weights, { limit: 2, keepShared: 0 })).toEqual(['e', 'f']);
    expect(topCandidates(weights, { limit: 0, keepShared: 0 })).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('given more strong candidates than the budget, when budgeted, then every one sharing keepShared blocks stays', () => {
    const weights = new Map<string, number>();
    for (const k of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) addEvidence(weights, k, 10);
    addEvidence(weights, 'z', 2);
    expect(topCandidates(weights, { limit: 1, keepShared: 3 })).toEqual(['a', 'b', 'c']);
    expect(topCandidates(weights, { limit: 1, keepShared: 0 })).toEqual(['a']);
  });
});

describe('capBlock', () => {
  const members = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, sortKey: String(i).padStart(3, '0') }));

  it('given a small block, when capped, then every other member is a candidate', () => {
    expect(capBlock(members.slice(0, 5), { key: 'k2', sortKey: '002' })).toEqual(['k0', 'k1', 'k3', 'k4']);
  });

  it('given an oversized block, when capped, then only the sorted neighbours are candidates', () => {
    const out = capBlock(members, { key: 'new', sortKey: '050x' }, { maxBlockSize: 40, window: 3 });
    expect(out).toEqual(['k48', 'k49', 'k50', 'k51', 'k52', 'k53']);
  });
});
