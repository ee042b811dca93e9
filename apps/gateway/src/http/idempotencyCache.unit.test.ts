import { describe, expect, it } from 'vitest';
import { createIdempotencyCache } from './idempotencyCache.js';

describe('idempotency cache', () => {
  it('given a completed key, when reserved again, then replays; a different body is a mismatch; other tenants are apart', () => {
    const cache = createIdempotencyCache();
    expect(cache.reserve('t', 'k', 'f1')).toEqual({ kind: 'new' });
    expect(cache.reserve('t', 'k', 'f1')).toEqual({ kind: 'in-progress' });
    cache.complete('t', 'k', 'f1', { status: 202, body: { accepted: 1 } });
    expect(cache.reserve('t', 'k', 'f1')).toEqual({ kind: 'replay', response: { status: 202, body: { accepted: 1 } } });
    expect(cache.reserve('t', 'k', 'f2')).toEqual({ kind: 'mismatch' });
    expect(cache.reserve('other', 'k', 'f2')).toEqual({ kind: 'new' });
  });

  it('given a released key, the size bound or an expired entry, then the key is new again', () => {
    let now = 0;
    const cache = createIdempotencyCache({ maxEntries: 2, ttlMs: 100, now: () => now });
    cache.reserve('t', 'a', 'f');
    cache.release('t', 'a');
    expect(cache.reserve('t', 'a', 'f')).toEqual({ kind: 'new' });
    cache.reserve('t', 'b', 'f');
    cache.reserve('t', 'c', 'f');
    expect(cache.size).toBe(2);
    expect(cache.reserve('t', 'a', 'f')).toEqual({ kind: 'new' });
    cache.complete('t', 'c', 'f', { status: 202, body: {} });
    now = 101;
    expect(cache.reserve('t', 'c', 'f')).toEqual({ kind: 'new' });
  });
});
