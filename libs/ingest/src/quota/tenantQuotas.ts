import { TokenBucket } from 'limiter';

/** A tenant's ingest allowance: a token bucket of `burst` records refilled at `recordsPerSecond`. */
export interface QuotaLimit {
  recordsPerSecond: number;
  burst: number;
}

export interface TenantQuotaOptions {
  /** Every tenant without an override; `null` is unlimited. */
  defaultLimit: QuotaLimit | null;
  /** Per-tenant limits; `null` makes that tenant unlimited. */
  overrides?: Readonly<Record<string, QuotaLimit | null>>;
}

export type QuotaDecision =
  | { allowed: true }
  /** Not enough tokens now: retry after this many whole seconds (the bucket has refilled by then). */
  | { allowed: false; reason: 'rate'; retryAfterSeconds: number; limit: QuotaLimit }
  /** More records than the bucket ever holds: waiting cannot help, the batch must be split. */
  | { allowed: false; reason: 'batch-too-large'; limit: QuotaLimit };

/**
 * Per-tenant ingest quotas in records per second, one token bucket (limiter's `TokenBucket`) per tenant,
 * created full on the tenant's first request. A request takes all of its records or none, so a refused
 * request publishes nothing and may be retried as it is.
 *
 * In memory and per gateway instance: N instances behind a load balancer admit up to N times the limit
 * (set the limit per instance accordingly). Tenants come from configured credentials, so the map of
 * buckets is bounded by the configuration.
 */
export function createTenantQuotas(options: TenantQuotaOptions) {
  const buckets = new Map<string, TokenBucket>();

  const limitOf = (tenantId: string): QuotaLimit | null =>
    options.overrides && Object.hasOwn(options.overrides, tenantId) ? options.overrides[tenantId]! : options.defaultLimit;

  const bucketOf = (tenantId: string, limit: QuotaLimit): TokenBucket => {
    let bucket = buckets.get(tenantId);
    if (!bucket) {
      bucket = new TokenBucket({ bucketSize: limit.burst, tokensPerInterval: limit.recordsPerSecond, interval: 'second' });
      bucket.content = limit.burst;
      buckets.set(tenantId, bucket);
    }
    return bucket;
  };

  return {
    limitOf,

    /** Takes `records` tokens now, or tells why not and when to come back. */
    take(tenantId: string, records: number): QuotaDecision {
      const limit = limitOf(tenantId);
      if (!limit || records <= 0) return { allowed: true };
      if (records > limit.burst) return { allowed: false, reason: 'batch-too-large', limit };
      const bucket = bucketOf(tenantId, limit);
      if (bucket.tryRemoveTokens(records)) return { allowed: true };
      return { allowed: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil(bucket.getWaitTime(records) / 1000)), limit };
    },

    /**
     * Waits until `records` tokens are taken (in slices of at most the burst): back-pressure for callers that
     * cannot be told to come back later, like drop-folder files. Resolves at once for unlimited tenants.
     */
    async wait(tenantId: string, records: number): Promise<void> {
      const limit = limitOf(tenantId);
      if (!limit) return;
      const bucket = bucketOf(tenantId, limit);
      for (let left = records; left > 0; left -= limit.burst) await bucket.removeTokens(Math.min(left, limit.burst));
    },
  };
}

export type TenantQuotas = ReturnType<typeof createTenantQuotas>;

/**
 * Parses `tenantA=200:2000,tenantB=0` (INGEST_QUOTA_OVERRIDES): records per second, optionally `:burst`
 * (default: the rate times `defaultBurstSeconds`); `0` is unlimited. Throws a message naming the bad entry.
 */
export function parseQuotaOverrides(text: string, defaultBurstSeconds: number): Record<string, QuotaLimit | null> {
  const overrides: Record<string, QuotaLimit | null> = {};
  text.split(',').map((entry) => entry.trim()).filter(Boolean).forEach((entry, i) => {
    const match = /^([^=/\s]+)=(\d+)(?::(\d+))?$/.exec(entry);
    if (!match) throw new Error(`entry ${i + 1} ("${entry}") is not tenant=recordsPerSecond[:burst]`);
    const [, tenant, rateText, burstText] = match as unknown as [string, string, string, string | undefined];
    if (Object.hasOwn(overrides, tenant)) throw new Error(`entry ${i + 1}: tenant ${tenant} is named twice`);
    const rate = Number(rateText);
    const burst = burstText === undefined ? rate * defaultBurstSeconds : Number(burstText);
    if (rate > 0 && burst < 1) throw new Error(`entry ${i + 1}: the burst must be at least 1 record`);
    overrides[tenant] = rate === 0 ? null : { recordsPerSecond: rate, burst };
  });
  return overrides;
}

/**
 * Passes `rows` through, taking the tenant's tokens ahead of each slice of rows (at most 100, or the
 * burst): a file is ingested no faster than its tenant's quota, however large it is.
 */
export async function* throttleRows<T>(quotas: TenantQuotas, tenantId: string, rows: AsyncIterable<T>): AsyncIterable<T> {
  const limit = quotas.limitOf(tenantId);
  if (!limit) {
    yield* rows;
    return;
  }
  const slice = Math.min(100, limit.burst);
  let paid = 0;
  for await (const row of rows) {
    if (paid === 0) {
      await quotas.wait(tenantId, slice);
      paid = slice;
    }
    paid--;
    yield row;
  }
}
