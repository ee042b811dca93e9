import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTenantQuotas, parseQuotaOverrides, throttleRows } from './tenantQuotas.js';

// limiter's buckets read performance.now(); fake timers move it, so refills are exact and instant.
beforeEach(() => void vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => void vi.useRealTimers());

describe('tenant ingest quotas', () => {
  it('given a default of 10 records/s with a burst of 20, when a tenant sends 15 then 10, then the second waits the refill time', () => {
    const quotas = createTenantQuotas({ defaultLimit: { recordsPerSecond: 10, burst: 20 } });
    expect(quotas.take('acme', 15)).toEqual({ allowed: true });
    // 5 tokens left, 10 needed: 0.5 s at 10/s, rounded up to whole seconds for Retry-After.
    expect(quotas.take('acme', 10)).toEqual({ allowed: false, reason: 'rate', retryAfterSeconds: 1, limit: { recordsPerSecond: 10, burst: 20 } });
    vi.advanceTimersByTime(500);
    expect(quotas.take('acme', 10)).toEqual({ allowed: true });
    expect(quotas.take('acme', 1)).toMatchObject({ allowed: false, reason: 'rate' });
  });

  it('given an empty bucket, then Retry-After is the whole seconds until enough records have refilled', () => {
    const quotas = createTenantQuotas({ defaultLimit: { recordsPerSecond: 2, burst: 10 } });
    expect(quotas.take('acme', 10)).toEqual({ allowed: true });
    expect(quotas.take('acme', 7)).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
    vi.advanceTimersByTime(3_000);
    expect(quotas.take('acme', 7)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    vi.advanceTimersByTime(500);
    expect(quotas.take('acme', 7)).toEqual({ allowed: true });
  });

  it('given two tenants, then one tenant exhausting its quota leaves the other\'s untouched', () => {
    const quotas = createTenantQuotas({ defaultLimit: { recordsPerSecond: 1, burst: 5 } });
    expect(quotas.take('a', 5)).toEqual({ allowed: true });
    expect(quotas.take('a', 1)).toMatchObject({ allowed: false });
    expect(quotas.take('b', 5)).toEqual({ allowed: true });
  });

  it('given overrides, then the override applies (null = unlimited) and other tenants get the default', () => {
    const quotas = createTenantQuotas({
      defaultLimit: { recordsPerSecond: 1, burst: 1 },
      overrides: { big: { recordsPerSecond: 1000, burst: 5000 }, internal: null },
    });
    expect(quotas.take('big', 5000)).toEqual({ allowed: true });
    expect(quotas.take('internal', 1_000_000)).toEqual({ allowed: true });
    expect(quotas.take('small', 1)).toEqual({ allowed: true });
    expect(quotas.take('small', 1)).toMatchObject({ allowed: false });
    expect(quotas.limitOf('constructor')).toEqual({ recordsPerSecond: 1, burst: 1 });
    expect(createTenantQuotas({ defaultLimit: null }).take('x', 1e9)).toEqual({ allowed: true });
  });

  it('given a batch larger than the burst, then it is refused as too large (waiting would never help), taking nothing', () => {
    const quotas = createTenantQuotas({ defaultLimit: { recordsPerSecond: 10, burst: 20 } });
    expect(quotas.take('acme', 21)).toEqual({ allowed: false, reason: 'batch-too-large', limit: { recordsPerSecond: 10, burst: 20 } });
    expect(quotas.take('acme', 20)).toEqual({ allowed: true });
  });

  it('given a file of 250 rows at 100 records/s (burst 100), when throttled, then the rows arrive as the bucket refills', async () => {
    const quotas = createTenantQuotas({ defaultLimit: { recordsPerSecond: 100, burst: 100 } });
    async function* rows() {
      for (let i = 0; i < 250; i++) yield i;
    }
    const seen: number[] = [];
    const done = (async () => {
      for await (const row of throttleRows(quotas, 'acme', rows())) seen.push(row);
    })();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(100);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(200);
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    expect(seen).toHaveLength(250);
  });
});

describe('quota overrides', () => {
  it('parses tenant=rate[:burst], 0 as unlimited, and names a bad entry', () => {
    expect(parseQuotaOverrides(' big=1000:5000, small=5 ,internal=0', 10)).toEqual({
      big: { recordsPerSecond: 1000, burst: 5000 },
      small: { recordsPerSecond: 5, burst: 50 },
      internal: null,
    });
    expect(() => parseQuotaOverrides('big=fast', 10)).toThrow(/entry 1 \("big=fast"\) is not tenant=recordsPerSecond\[:burst\]/);
    expect(() => parseQuotaOverrides('a=1,a=2', 10)).toThrow(/named twice/);
    expect(() => parseQuotaOverrides('a=1:0', 10)).toThrow(/burst must be at least 1/);
  });
});
