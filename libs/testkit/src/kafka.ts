import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { uniqueName } from './stackEnv.js';

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: uniqueName('test'), brokers, logLevel: logLevel.NOTHING });
}

export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) });
  } finally {
    await admin.disconnect();
  }
}

export interface Collected {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/**
 * Reads `topic` from the beginning into an array that grows as messages arrive, like a user's
 * console consumer. `readUncommitted` shows aborted transactional writes too (for checking that a crash
 * really left an open transaction behind).
 */
export async function collectTopic(
  kafka: Kafka,
  topic: string,
  options: { readUncommitted?: boolean } = {},
): Promise<{ messages: Collected[]; stop: () => Promise<void>; consumer: Consumer }> {
  const consumer = kafka.consumer({
    groupId: uniqueName('collector'),
    readUncommitted: options.readUncommitted ?? false,
    allowAutoTopicCreation: false,
  });
  const messages: Collected[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic: t, partition, message }) => void messages.push({ topic: t, partition, message }) });
  return { messages, consumer, stop: () => consumer.disconnect() };
}

/**
 * Commits, for a new consumer group, the current end offset of every partition of `topics`: an app started
 * with that group then reads only what the test produces next, not the backlog that other tests (or an
 * earlier `npm start`) left on the shared catalogue topics. Apps consume from the beginning otherwise.
 * Returns where the group was placed (topic → partition → offset). One topic at a time: kafkajs's
 * setOffsets joins the group with a throwaway consumer, and two at once would rebalance each other.
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: string[]): Promise<Map<string, Map<number, bigint>>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const placed = new Map<string, Map<number, bigint>>();
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
      placed.set(topic, new Map(ends.map((p) => [p.partition, BigInt(p.high)])));
    }
    return placed;
  } finally {
    await admin.disconnect();
  }
}
