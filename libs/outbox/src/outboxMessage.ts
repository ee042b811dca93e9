/**
 * One event waiting in the outbox, already encoded: the relay publishes exactly these bytes, so a
 * re-publish after a crash is byte-identical (same event id inside) and consumers can dedupe it.
 */
export interface OutboxMessage {
  topic: string;
  key: string | null;
  /** Encoded value; null is a tombstone (compacted topics). */
  value: Buffer | null;
  headers: Record<string, string>;
}

/** A stored row: `id` (bigserial) is the publish order. */
export interface OutboxRow extends OutboxMessage {
  id: number;
}

/** The kafkajs `sendBatch` payload shape, kept structural so the library needs no kafkajs import. */
export interface TopicMessages {
  topic: string;
  messages: { key: string | null; value: Buffer | null; headers: Record<string, string> }[];
}

/**
 * Rows → kafkajs topicMessages, preserving id order within every topic (and so within every partition:
 * kafkajs keeps the order of messages it is given for one partition, and an idempotent producer with one
 * request in flight keeps it across retries).
 */
export function toTopicMessages(rows: readonly OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    let entry = byTopic.get(row.topic);
    if (!entry) byTopic.set(row.topic, (entry = { topic: row.topic, messages: [] }));
    entry.messages.push({ key: row.key, value: row.value, headers: row.headers });
  }
  return [...byTopic.values()];
}
