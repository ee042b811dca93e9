import type { Admin } from 'kafkajs';
import type { Knex } from 'knex';

export interface TopicFreshness {
  projection: string;
  topic: string;
  /** Sum over partitions of the projector's checkpoint (next offset to apply). */
  checkpoint_offset: number;
  /** Sum over partitions of the topic's high watermark; null when Kafka did not answer. */
  latest_offset: number | null;
  /** Records in Kafka not yet in the read model; null when unknown. */
  lag: number | null;
  /** When the projector last moved this checkpoint. */
  updated_at: string | null;
}

export interface Freshness {
  /** Total lag over every projected topic; null when Kafka did not answer. */
  lag_records: number | null;
  checked_at: string;
  topics: TopicFreshness[];
}

export interface FreshnessSource {
  get(): Promise<Freshness>;
  /** Changes whenever any checkpoint moves: the dashboard cache key. */
  signature(): Promise<string>;
}

interface Snapshot {
  freshness: Freshness;
  signature: string;
  at: number;
}

/**
 * How far the read model lags Kafka: each projector checkpoint (projection_checkpoints.next_offset) against
 * the topic's high watermark (admin.fetchTopicOffsets). With read_committed consumers the high watermark
 * may count transaction markers and aborted records, so the lag is an upper bound (a few records per
 * transaction), never an underestimate. Cached `ttlMs` and single-flight: one PostgreSQL query and one
 * Kafka request per TTL however many requests ask.
 */
export function createFreshness(deps: { db: Knex; admin?: Admin; ttlMs?: number; kafkaTimeoutMs?: number; now?: () => number }): FreshnessSource {
  const ttl = deps.ttlMs ?? 3_000;
  const now = deps.now ?? Date.now;
  let cached: Snapshot | undefined;
  let inFlight: Promise<Snapshot> | undefined;

  async function latestOffsets(topics: string[]): Promise<Map<string, Map<number, { high: number; low: number }>> | undefined> {
    if (!deps.admin || topics.length === 0) return undefined;
    try {
      const fetched = await withTimeout(Promise.all(topics.map(async (topic) => [topic, await deps.admin!.fetchTopicOffsets(topic)] as const)), deps.kafkaTimeoutMs ?? 2_000);
      return new Map(fetched.map(([topic, parts]) => [topic, new Map(parts.map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }]))]));
    } catch {
      return undefined;
    }
  }

  async function load(): Promise<Snapshot> {
    const rows: { projection: string; topic: string; partition: number; next_offset: number; updated_at: Date }[] = await deps
      .db('projection_checkpoints')
      .select('projection', 'topic', 'partition', 'next_offset', 'updated_at')
      .orderBy(['projection', 'topic', 'partition']);
    const offsets = await latestOffsets([...new Set(rows.map((r) => r.topic))]);
    const groups = new Map<string, TopicFreshness>();
    const seen = new Map<string, Set<number>>();
    for (const r of rows) {
      const key = `${r.projection}\u0000${r.topic}`;
      const g = groups.get(key) ?? { projection: r.projection, topic: r.topic, checkpoint_offset: 0, latest_offset: offsets ? 0 : null, lag: offsets ? 0 : null, updated_at: null };
      g.checkpoint_offset += Number(r.next_offset);
      const iso = new Date(r.updated_at).toISOString();
      if (!g.updated_at || iso > g.updated_at) g.updated_at = iso;
      const part = offsets?.get(r.topic)?.get(r.partition);
      if (g.latest_offset !== null && part) {
        g.latest_offset += part.high;
        g.lag = (g.lag ?? 0) + Math.max(0, part.high - Number(r.next_offset));
      }
      groups.set(key, g);
      (seen.get(key) ?? seen.set(key, new Set()).get(key)!).add(r.partition);
    }
    // Partitions the projector has not checkpointed yet lag by everything they hold.
    for (const [key, g] of groups) {
      for (const [partition, p] of offsets?.get(g.topic) ?? []) {
        if (seen.get(key)?.has(partition) || g.latest_offset === null) continue;
        g.latest_offset += p.high;
        g.lag = (g.lag ?? 0) + (p.high - p.low);
      }
    }
    const topics = [...groups.values()];
    const lag = offsets ? topics.reduce((s, t) => s + (t.lag ?? 0), 0) : null;
    const at = now();
    return {
      freshness: { lag_records: lag, checked_at: new Date(at).toISOString(), topics },
      signature: rows.map((r) => `${r.projection}/${r.topic}/${r.partition}@${r.next_offset}`).join(','),
      at,
    };
  }

  async function snapshot(): Promise<Snapshot> {
    if (cached && now() - cached.at < ttl) return cached;
    inFlight ??= load()
      .then((s) => (cached = s))
      .finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    get: async () => (await snapshot()).freshness,
    signature: async () => (await snapshot()).signature,
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
