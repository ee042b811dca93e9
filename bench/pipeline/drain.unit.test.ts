import { describe, expect, it } from 'vitest';
import { lastRecordEnds, nearlyReached, reached, withFloor } from './drain.js';

const ends = (entries: [string, [number, bigint][]][]) => new Map(entries.map(([t, ps]) => [t, new Map(ps)]));

describe('reached', () => {
  it('is true only when every partition of every topic is at or past its end', () => {
    const target = ends([['raw.a', [[0, 10n], [1, 5n]]]]);
    expect(reached(ends([['raw.a', [[0, 10n], [1, 7n]]]]), target)).toBe(true);
    expect(reached(ends([['raw.a', [[0, 9n], [1, 7n]]]]), target)).toBe(false);
  });

  it('treats a partition with no position yet as not reached (unless its end is still 0)', () => {
    expect(reached(ends([]), ends([['raw.a', [[0, 1n]]]]))).toBe(false);
    expect(reached(ends([]), ends([['raw.a', [[0, 0n]]]]))).toBe(true);
  });
});

describe('withFloor', () => {
  it('fills partitions the app never checkpointed with where it was placed, keeping its own positions', () => {
    const placed = ends([['rca.findings', [[0, 4n]]], ['canonical.party', [[0, 2n]]]]);
    const merged = withFloor(ends([['canonical.party', [[0, 9n]]]]), placed);
    expect(merged.get('rca.findings')?.get(0)).toBe(4n);
    expect(merged.get('canonical.party')?.get(0)).toBe(9n);
  });
});

describe('lastRecordEnds', () => {
  it('discounts the commit marker closing a transactional partition written since placement, not an untouched one', () => {
    const placed = ends([['canonical.party', [[0, 10n], [1, 4n]]]]);
    const target = lastRecordEnds(ends([['canonical.party', [[0, 10n], [1, 9n]]]]), placed);
    expect(target.get('canonical.party')?.get(0)).toBe(10n);
    expect(target.get('canonical.party')?.get(1)).toBe(8n);
    // a consumer that read the last record (offset 7) commits 8: drained
    expect(reached(ends([['canonical.party', [[0, 10n], [1, 8n]]]]), target)).toBe(true);
    expect(reached(ends([['canonical.party', [[0, 10n], [1, 7n]]]]), target)).toBe(false);
  });
});

describe('nearlyReached', () => {
  const ends = new Map([['t', new Map([[0, 10n], [1, 20n]])]]);
  it('lists the partitions a few offsets short, with where the position stands', () => {
    expect(nearlyReached(new Map([['t', new Map([[0, 10n], [1, 18n]])]]), ends, 3n)).toEqual([{ topic: 't', partition: 1, offset: '18' }]);
    expect(nearlyReached(new Map([['t', new Map([[0, 10n], [1, 20n]])]]), ends, 3n)).toEqual([]);
  });
  it('is null while any partition is further behind (or has no position)', () => {
    expect(nearlyReached(new Map([['t', new Map([[0, 5n], [1, 20n]])]]), ends, 3n)).toBeNull();
    expect(nearlyReached(new Map(), ends, 3n)).toBeNull();
  });
});
