import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { OutMessage } from '../processChunk.js';
import { checkedSendBatch, createPartitionCounts, type PartitionCountOf } from './checkedSend.js';

/**
 * One transactional producer per input partition, with a transactional id derived from the partition.
 *
 * Why: kafkajs has no KIP-447 (consumer-group-metadata fencing, `sendOffsets` with the group generation),
 * so a zombie instance that lost a partition in a rebalance could still commit. With the pre-KIP-447
 * scheme (KIP-98), the transactional id is stable per input partition: whichever instance owns the
 * partition now calls InitProducerId with that id, which bumps the epoch, aborts the zombie's open
 * transaction and fences it (its next send/commit fails with PRODUCER_FENCED / INVALID_PRODUCER_EPOCH).
 * See https://cwiki.apache.org/confluence/display/KAFKA/KIP-447 ("Producer scalability for exactly once").
 */
export class TransactionalProducers {
  private readonly producers = new Map<string, Promise<Producer>>();
  /** Partition counts for checkedSendBatch (kafkajs can drop partitions of a send on a retry: see there). */
  private readonly partitionCounts: PartitionCountOf;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: { transactionalIdPrefix: string; transactionTimeoutMs: number; compression?: CompressionTypes },
  ) {
    this.partitionCounts = createPartitionCounts(kafka);
  }

  transactionalId(topic: string, partition: number): string {
    return `${this.options.transactionalIdPrefix}.${topic}.${partition}`;
  }

  private producerFor(topic: string, partition: number): Promise<Producer> {
    const id = this.transactionalId(topic, partition);
    let producer = this.producers.get(id);
    if (!producer) {
      const created = this.kafka.producer({
        transactionalId: id,
        idempotent: true,
        maxInFlightRequests: 1,
        transactionTimeout: this.options.transactionTimeoutMs,
        allowAutoTopicCreation: false,
      });
      producer = created.connect().then(() => created);
      // A failed connect must not poison the cache: the next call tries again.
      producer.catch(() => this.producers.delete(id));
      this.producers.set(id, producer);
    }
    return producer;
  }

  /**
   * Sends `messages` and commits `nextOffset` for the input partition in one Kafka transaction: either the
   * outputs and the consumed position both become visible to read_committed consumers, or neither does.
   */
  async commit(
    input: { topic: string; partition: number; nextOffset: string; groupId: string },
    messages: OutMessage[],
    beforeCommit?: () => void | Promise<void>,
  ): Promise<void> {
    const producer = await this.producerFor(input.topic, input.partition);
    const transaction = await producer.transaction();
    try {
      if (messages.length > 0) {
        // Every partition's write acknowledged, or the transaction is aborted (never committed without it).
        await checkedSendBatch(transaction, { acks: -1, compression: this.options.compression ?? CompressionTypes.None, topicMessages: groupByTopic(messages) }, this.partitionCounts);
      }
      await transaction.sendOffsets({
        consumerGroupId: input.groupId,
        topics: [{ topic: input.topic, partitions: [{ partition: input.partition, offset: input.nextOffset }] }],
      });
      await beforeCommit?.();
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      if (isFenced(error)) await this.drop(input.topic, input.partition);
      throw error;
    }
  }

  /** Whether this partition has a producer (settled or used) since the last `drop`. */
  has(topic: string, partition: number): boolean {
    return this.producers.has(this.transactionalId(topic, partition));
  }

  /**
   * Waits until no transaction of this partition's transactional id is in flight: a fresh producer's first
   * InitProducerId is answered only once the coordinator has completed the previous transaction (ours, or a
   * crashed previous owner's: committed if its EndTxn was written, else aborted; CONCURRENT_TRANSACTIONS until
   * then, which kafkajs retries), and it bumps the epoch. Afterwards the group's committed offset for the
   * partition is final. Needed because kafkajs has no KIP-447 `require_stable` offset fetch: a consumer that
   * gets the partition while a commit is still completing is handed the offset from before it, and would
   * process the committed chunk again (duplicates seen by the fault suite after a broker was killed).
   */
  async settle(topic: string, partition: number): Promise<void> {
    await this.drop(topic, partition);
    const producer = await this.producerFor(topic, partition);
    const transaction = await producer.transaction(); // InitProducerId with the transactional id
    await transaction.abort(); // nothing sent: kafkajs ends it locally, no EndTxn
  }

  async drop(topic: string, partition: number): Promise<void> {
    const id = this.transactionalId(topic, partition);
    const producer = this.producers.get(id);
    this.producers.delete(id);
    if (producer) await producer.then((p) => p.disconnect()).catch(() => undefined);
  }

  async disconnectAll(): Promise<void> {
    const all = [...this.producers.values()];
    this.producers.clear();
    await Promise.all(all.map((p) => p.then((producer) => producer.disconnect()).catch(() => undefined)));
  }
}

function groupByTopic(messages: OutMessage[]) {
  const byTopic = new Map<string, { key: Buffer | null; value: Buffer | null; headers: Record<string, string> }[]>();
  for (const m of messages) {
    let list = byTopic.get(m.topic);
    if (!list) byTopic.set(m.topic, (list = []));
    list.push({ key: m.key, value: m.value, headers: m.headers });
  }
  return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
}

/** The broker fenced this producer: another instance owns the partition now. */
export function isFenced(error: unknown): boolean {
  const type = (error as { type?: string } | undefined)?.type;
  return type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || type === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED';
}
