import { RelayPublishError } from './outboxError.js';
import { toTopicMessages, type OutboxRow, type TopicMessages } from './outboxMessage.js';

/**
 * Where the rows wait. `drain` must, atomically with respect to other relays: hold the relay lock (or
 * report `busy`), read the oldest `limit` rows in id order, await `publish(rows)`, and delete exactly those
 * rows only if `publish` resolved. If `publish` throws, nothing is deleted.
 */
export interface OutboxStore {
  drain(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<DrainResult>;
  /** Rows waiting (for the backlog gauge). */
  backlog(): Promise<number>;
}

export type DrainResult = { status: 'busy' } | { status: 'drained'; count: number };

/** The part of a kafkajs Producer the relay uses. Create it `idempotent: true, maxInFlightRequests: 1`. */
export interface OutboxProducer {
  sendBatch(batch: { topicMessages: TopicMessages[]; acks: -1 }): Promise<unknown>;
}

/**
 * Bytes per `sendBatch` (keys, values and headers). Kafka refuses a partition's record batch above the
 * topic's `max.message.bytes` (broker default 1 MiB) with MESSAGE_TOO_LARGE, and retrying the same rows
 * can never succeed: a full round of large rows (500 dead letters of ~2 KB) would stop the relay for good.
 */
export const DEFAULT_MAX_SEND_BYTES = 512 * 1024;

/** Splits rows (in id order) into runs of at most `maxBytes` each; a row bigger than that goes alone. */
export function splitBySize(rows: readonly OutboxRow[], maxBytes: number): OutboxRow[][] {
  const parts: OutboxRow[][] = [];
  let part: OutboxRow[] = [];
  let bytes = 0;
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const size = (row.value?.length ?? 0) + Buffer.byteLength(row.key ?? '') + Object.entries(row.headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (part.length > 0 && bytes + size > maxBytes) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(row);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/**
 * One relay round: publish the oldest rows and delete them after the ack of every in-sync replica
 * (acks = -1). A crash after the ack and before the delete publishes the same bytes again next round:
 * at-least-once on the wire, exactly-once in effect because every value carries a deterministic event id.
 * The rows go out in sends of at most `maxSendBytes`, one after another (id order per partition holds); if
 * a later send fails, nothing is deleted and the earlier ones are published again next round.
 */
export async function relayOnce(store: OutboxStore, producer: OutboxProducer, limit: number, maxSendBytes = DEFAULT_MAX_SEND_BYTES): Promise<DrainResult> {
  return store.drain(limit, async (rows) => {
    try {
      for (const part of splitBySize(rows, maxSendBytes)) await producer.sendBatch({ topicMessages: toTopicMessages(part), acks: -1 });
    } catch (error) {
      throw new RelayPublishError(`publishing ${rows.length} outbox rows failed: ${(error as Error).message}`, error);
    }
  });
}
