import { describe, expect, it } from 'vitest';
import { createResponseCache } from './responseCache.js';

describe('createResponseCache', () => {
  it('given the same key and checkpoint signature, then the value is reused; a moved checkpoint or age recomputes', async () => {
    let t = 0;
    let computed = 0;
    const cache = createResponseCache({ maxAgeMs: 1_000, now: () => t });
    const compute = async () => ++computed;
    expect(await cache.getOrCompute('k', 's1', compute)).toEqual({ value: 1, cached: false });
    expect(await cache.getOrCompute('k', 's1', compute)).toEqual({ value: 1, cached: true });
    expect(await cache.getOrCompute('k', 's2', compute)).toEqual({ value: 2, cached: false });
    t = 2_000;
    expect(await cache.getOrCompute('k', 's2', compute)).toEqual({ value: 3, cached: false });
  });

  it('given more keys than the bound, then the oldest is evicted', async () => {
    const cache = createResponseCache({ maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.getOrCompute(k, 's', async () => k);
    expect(cache.stats().entries).toBe(2);
    expect((await cache.getOrCompute('a', 's', async () => 'again')).cached).toBe(false);
  });
});
