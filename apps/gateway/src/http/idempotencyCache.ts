/** The stored answer to a request, replayed to a client that retries it. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

type Entry = { fingerprint: string; at: number } & ({ state: 'pending' } | { state: 'done'; response: StoredResponse });

export type Reservation =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/**
 * Remembers recent `Idempotency-Key`s (per tenant) and the final answer given to each, so a client that
 * retries gets the original answer instead of a second ingestion. Bounded: a Map in insertion order used as
 * an LRU of at most `maxEntries`, entries older than `ttlMs` are gone. In memory, per instance: behind a
 * load balancer or after a restart a retry may be processed again, which is still safe because event ids
 * are deterministic (the same records get the same ids; downstream dedupes by event id). The cache only
 * saves the duplicate write and keeps the answer stable.
 */
export function createIdempotencyCache(options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}) {
  const { maxEntries = 10_000, ttlMs = 24 * 60 * 60 * 1000, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const id = (tenantId: string, key: string) => `${tenantId}\u0000${key}`;

  return {
    /** Claims the key for this request, or tells why not (answered before, still running, different request). */
    reserve(tenantId: string, key: string, fingerprint: string): Reservation {
      const k = id(tenantId, key);
      const entry = entries.get(k);
      if (entry && now() - entry.at < ttlMs) {
        if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (entry.state === 'pending') return { kind: 'in-progress' };
        entries.delete(k);
        entries.set(k, entry); // most recently used moves to the end
        return { kind: 'replay', response: entry.response };
      }
      entries.delete(k);
      entries.set(k, { fingerprint, at: now(), state: 'pending' });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return { kind: 'new' };
    },
    /** Stores the final answer (2xx, or 4xx about the content) for replay. */
    complete(tenantId: string, key: string, fingerprint: string, response: StoredResponse): void {
      entries.set(id(tenantId, key), { fingerprint, at: now(), state: 'done', response });
    },
    /** Forgets a reservation whose request failed transiently: the retry must run again. */
    release(tenantId: string, key: string): void {
      entries.delete(id(tenantId, key));
    },
    get size() {
      return entries.size;
    },
  };
}

export type IdempotencyCache = ReturnType<typeof createIdempotencyCache>;
