import { Partitioners, type Kafka, type Message, type Producer, type RecordMetadata, type TopicMessages } from 'kafkajs';

/**
 * kafkajs 2.2.4 can resolve a multi-broker `send`/`sendBatch` without writing some of its partitions, or
 * write some twice.
 *
 * Why: its sendMessages keeps one response per *broker* across retries and, on a retry, sends to each broker
 * without a response every partition that broker now leads. When broker A answered and broker B failed
 * (killed, NOT_LEADER, a retriable AddPartitionsToTxn error) and the metadata refresh moves B's partitions
 * to A, the retry skips A: those partitions are never written and the send resolves (tulios/kafkajs#1303,
 * #1798, both open). When A's partitions move to a broker C that has no response yet, C is sent them again,
 * with fresh sequence numbers: written twice. In a transaction the offsets commit with it. The fault suite
 * found both with 100,000 records on 3 brokers: 636 transform outputs missing (run 6 in docs/faults.md),
 * then, with the answers checked, 822 outputs of transform and quality written twice (run 8).
 *
 * The remedy here: give every message its partition up front (kafkajs's default partitioner over the
 * topic's partition count, so keys land where kafkajs would put them), send each partition's messages in a
 * request of their own (one broker per send, so a retry re-sends only the request that failed, with its own
 * sequence numbers), and check the answers name every partition sent to. A missing one throws
 * `UnacknowledgedPartitionsError` (retriable): a transaction is aborted and its chunk redelivered; an
 * at-least-once publisher sends again.
 */
export class UnacknowledgedPartitionsError extends Error {
  readonly retriable = true;

  constructor(readonly missing: readonly string[]) {
    super(`Kafka acknowledged no write for ${missing.join(', ')} although the send resolved (kafkajs dropped them on a retry after a leader change)`);
    this.name = 'UnacknowledgedPartitionsError';
  }
}

/** The partition count of a topic (createPartitionCounts caches it per topic for a while). */
export type PartitionCountOf = (topic: string) => Promise<number>;

/**
 * Partition counts from the cluster's metadata. An admin client connects for each lookup and disconnects
 * (once per topic and `ttlMs`), so nothing stays open that an app would have to close.
 */
export function createPartitionCounts(kafka: Pick<Kafka, 'admin'>, options: { ttlMs?: number; now?: () => number } = {}): PartitionCountOf {
  const ttl = options.ttlMs ?? 300_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { count: Promise<number>; at: number }>();
  const lookup = async (topic: string): Promise<number> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const n = metadata.topics.find((t) => t.name === topic)?.partitions.length ?? 0;
      if (n === 0) throw new Error(`topic ${topic} has no partitions in the cluster's metadata`);
      return n;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  return (topic) => {
    const hit = cache.get(topic);
    if (hit && now() - hit.at < ttl) return hit.count;
    const count = lookup(topic);
    cache.set(topic, { count, at: now() });
    count.catch(() => cache.delete(topic));
    return count;
  };
}

/**
 * The same batch with a partition on every message: one given stays, a keyed message gets the partition
 * kafkajs's default partitioner would give it (murmur2 of the key), a keyless one is spread round-robin.
 */
export async function assignPartitions(batch: readonly TopicMessages[], countOf: PartitionCountOf): Promise<TopicMessages[]> {
  const partitioner = Partitioners.DefaultPartitioner();
  const out: TopicMessages[] = [];
  for (const { topic, messages } of batch) {
    if (messages.every((m) => m.partition !== undefined && m.partition !== null)) {
      out.push({ topic, messages });
      continue;
    }
    const n = await countOf(topic);
    const partitionMetadata = Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
    out.push({
      topic,
      messages: messages.map((m): Message => (m.partition !== undefined && m.partition !== null ? m : { ...m, partition: partitioner({ topic, partitionMetadata, message: m }) })),
    });
  }
  return out;
}

/** "topic/partition" of every partition the batch writes to that the answer does not acknowledge. */
export function unacknowledged(batch: readonly TopicMessages[], answer: readonly RecordMetadata[]): string[] {
  const acked = new Set(answer.filter((r) => r.errorCode === 0).map((r) => `${r.topicName}/${r.partition}`));
  const sent = new Set(batch.flatMap(({ topic, messages }) => messages.map((m) => `${topic}/${m.partition}`)));
  return [...sent].filter((p) => !acked.has(p)).sort();
}

/** The batch split into one TopicMessages per partition, in first-seen order (order within a partition kept). */
function byPartition(batch: readonly TopicMessages[]): TopicMessages[] {
  const parts = new Map<string, TopicMessages>();
  for (const { topic, messages } of batch) {
    for (const m of messages) {
      const key = `${topic}/${m.partition}`;
      let part = parts.get(key);
      if (!part) parts.set(key, (part = { topic, messages: [] }));
      part.messages.push(m);
    }
  }
  return [...parts.values()];
}

/**
 * `sendBatch` through kafkajs with every partition checked: assigns partitions, sends one request per
 * partition (one after another), and throws `UnacknowledgedPartitionsError` when an answer misses one.
 * `sender` is a producer or a transaction.
 */
export async function checkedSendBatch(
  sender: { sendBatch(batch: { topicMessages: TopicMessages[] } & Record<string, unknown>): Promise<RecordMetadata[]> },
  batch: { topicMessages: readonly TopicMessages[] } & Record<string, unknown>,
  countOf: PartitionCountOf,
): Promise<RecordMetadata[]> {
  const topicMessages = await assignPartitions(batch.topicMessages, countOf);
  // One partition per request: kafkajs's per-broker retry bookkeeping only goes wrong when a send spans brokers.
  const answer: RecordMetadata[] = [];
  for (const part of byPartition(topicMessages)) answer.push(...(await sender.sendBatch({ ...batch, topicMessages: [part] })));
  if (batch.acks === 0) return answer; // no acknowledgement asked for, none to check
  const missing = unacknowledged(topicMessages, answer);
  if (missing.length > 0) throw new UnacknowledgedPartitionsError(missing);
  return answer;
}

/**
 * The producer with `sendBatch` replaced by checkedSendBatch (every other method as it was), for the
 * at-least-once publishers: the gateway and the CLI, match's outbox relay, rca's findings.
 */
export function withCheckedSends<P extends Pick<Producer, 'sendBatch'>>(producer: P, countOf: PartitionCountOf): P {
  return new Proxy(producer, {
    get(target, property, receiver) {
      if (property === 'sendBatch') return (batch: Parameters<Producer['sendBatch']>[0]) => checkedSendBatch(target, { ...batch, topicMessages: batch.topicMessages ?? [] }, countOf);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
