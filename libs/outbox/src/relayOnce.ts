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
 * One relay round: publish the oldest rows and delete them after the ack of every in-sync replica
 * (acks = -1). A crash after the ack and before the delete publishes the same bytes again next round:
 * at-least-once on the wire, exactly-once in effect because every value carries a deterministic event id.
 */
export async function relayOnce(store: OutboxStore, producer: OutboxProducer, limit: number): Promise<DrainResult> {
  return store.drain(limit, async (rows) => {
    try {
      await producer.sendBatch({ topicMessages: toTopicMessages(rows), acks: -1 });
    } catch (error) {
      throw new RelayPublishError(`publishing ${rows.length} outbox rows failed: ${(error as Error).message}`, error);
    }
  });
}
