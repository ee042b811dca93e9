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
 * Returns where the group was placed (topic → partition → offset).
 *
 * One throwaway member joins the group once, subscribed to every topic (so it is assigned every partition),
 * commits all the ends in one OffsetCommit and leaves. kafkajs's admin.setOffsets joins the group once per
 * topic, ~5 s each: placing five groups on the 23 catalogue topics took two minutes of every e2e file.
 * The member never commits anything else (autoCommit off; what it may fetch meanwhile is dropped).
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: string[]): Promise<Map<string, Map<number, bigint>>> {
  const admin = kafka.admin();
  await admin.connect();
  const placed = new Map<string, Map<number, bigint>>();
  try {
    for (const topic of topics) placed.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])));
  } finally {
    await admin.disconnect();
  }
  await placeGroup(kafka, groupId, placed);
  return placed;
}

/**
 * Which of `from` (topic, partition, offset) hold a record at or after that offset, as a read_committed
 * consumer sees them ("topic/partition" strings). The tail of a transactional partition can be an aborted
 * transaction (its records and the abort marker) or several markers: offsets no read_committed consumer ever
 * receives, so a consumer's committed offset stays below the end for good and "end minus N" can never say
 * whether it is done. A throw-away consumer group is placed at the offsets and reads on: a record it receives
 * answers yes; none within two completed fetches per probed partition means there is nothing left.
 */
export async function partitionsWithRecordsFrom(kafka: Kafka, from: readonly { topic: string; partition: number; offset: string }[]): Promise<Set<string>> {
  const seen = new Set<string>();
  if (from.length === 0) return seen;
  const groupId = `rivulet-probe-${Math.random().toString(36).slice(2)}`;
  const topics = [...new Set(from.map((l) => l.topic))];
  const admin = kafka.admin();
  await admin.connect();
  const positions = new Map<string, Map<number, bigint>>();
  try {
    for (const topic of topics) {
      const start = new Map(from.filter((l) => l.topic === topic).map((l) => [l.partition, BigInt(l.offset === '-1' ? '0' : l.offset)]));
      positions.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, start.get(p.partition) ?? BigInt(p.high)])));
    }
  } finally {
    await admin.disconnect();
  }
  await placeGroup(kafka, groupId, positions);
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  let fetches = 0;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => void (joined = true));
  consumer.on(consumer.events.FETCH, () => void (joined && fetches++));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics });
    await consumer.run({ autoCommit: false, eachMessage: async ({ topic, partition }) => void seen.add(`${topic}/${partition}`) });
    const deadline = Date.now() + 60_000;
    while (fetches < 2 * from.length + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
  const probed = new Set(from.map((l) => `${l.topic}/${l.partition}`));
  return new Set([...seen].filter((k) => probed.has(k)));
}

/**
 * Commits `positions` (topic → partition → offset) for a group that has no live member: one throwaway member
 * joins once, subscribed to every topic (so it is assigned every partition), commits them all in one
 * OffsetCommit and leaves. It never commits anything else (autoCommit off; what it may fetch is dropped).
 */
async function placeGroup(kafka: Kafka, groupId: string, positions: ReadonlyMap<string, ReadonlyMap<number, bigint>>): Promise<void> {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...positions.keys()] });
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets([...positions].flatMap(([topic, offsets]) => [...offsets].map(([partition, offset]) => ({ topic, partition, offset: offset.toString() }))));
  } finally {
    await consumer.disconnect();
  }
}
