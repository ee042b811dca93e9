/**
 * In-process cache of dashboard query results, keyed by tenant and query, valid while the projector
 * checkpoints have not moved (the `signature`) and for at most `maxAgeMs`. A moved checkpoint means new
 * rows may exist, so the next request recomputes. Bounded: the oldest entry goes when full.
 */
export function createResponseCache(options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {}) {
  const maxEntries = options.maxEntries ?? 500;
  const maxAge = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { signature: string; at: number; value: unknown }>();
  let hits = 0;
  let misses = 0;

  return {
    async getOrCompute<T>(key: string, signature: string, compute: () => Promise<T>): Promise<{ value: T; cached: boolean }> {
      const hit = entries.get(key);
      if (hit && hit.signature === signature && now() - hit.at < maxAge) {
        hits++;
        return { value: hit.value as T, cached: true };
      }
      misses++;
      const value = await compute();
      entries.delete(key);
      entries.set(key, { signature, at: now(), value });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return { value, cached: false };
    },
    stats: () => ({ entries: entries.size, hits, misses }),
  };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
