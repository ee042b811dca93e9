import { describe, expect, it } from 'vitest';
import { person } from '../__fixtures__/person.js';
import { prepareRecord } from '../prepareRecord.js';
import { blockingKeys, defaultBlockingConfig } from './blockingKeys.js';
import { candidatePairs } from './candidatePairs.js';
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
