import { Partitioners, type RecordMetadata, type TopicMessages } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { assignPartitions, checkedSendBatch, createPartitionCounts, unacknowledged, UnacknowledgedPartitionsError, withCheckedSends } from './checkedSend.js';

const counts = async (topic: string) => ({ 'canonical.party': 6, alerts: 3 })[topic] ?? 1;
const ack = (topicName: string, partition: number, errorCode = 0): RecordMetadata => ({ topicName, partition, errorCode });

/** A sender that answers for the partitions it is given, except those in `drop` (what kafkajs does after a leader move). */
function fakeSender(drop: string[] = []) {
  const sent: TopicMessages[][] = [];
  return {
    sent,
    async sendBatch(batch: { topicMessages: TopicMessages[] }) {
      sent.push(batch.topicMessages);
      const partitions = new Set(batch.topicMessages.flatMap(({ topic, messages }) => messages.map((m) => `${topic}/${m.partition}`)));
      return [...partitions].filter((p) => !drop.includes(p)).map((p) => ack(p.split('/')[0]!, Number(p.split('/')[1])));
    },
  };
}

describe('assignPartitions', () => {
  it('puts a keyed message where kafkajs would (its default murmur2 partitioner over the partition count), keeps a given partition', async () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 6 }, (_, i) => ({ partitionId: i, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
    const keys = Array.from({ length: 50 }, (_, i) => `tenant-a/crm:customer:CUS-${i}`);
    const [assigned] = await assignPartitions([{ topic: 'canonical.party', messages: [...keys.map((key) => ({ key, value: 'v' })), { key: 'pinned', value: 'v', partition: 5 }] }], counts);
    const expected = keys.map((key) => kafkajs({ topic: 'canonical.party', partitionMetadata, message: { key, value: 'v' } }));
    expect(assigned!.messages.slice(0, 50).map((m) => m.partition)).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(1); // the keys do spread, so the comparison means something
    expect(assigned!.messages[50]!.partition).toBe(5);
  });

  it('spreads keyless messages over every partition of the topic', async () => {
    const [assigned] = await assignPartitions([{ topic: 'alerts', messages: Array.from({ length: 9 }, () => ({ key: null, value: 'v' })) }], counts);
    expect(new Set(assigned!.messages.map((m) => m.partition))).toEqual(new Set([0, 1, 2]));
  });
});

describe('checkedSendBatch', () => {
  const batch = { acks: -1, topicMessages: [{ topic: 'canonical.party', messages: Array.from({ length: 40 }, (_, i) => ({ key: `t/p-${i}`, value: 'v' })) }] };

  it('sends each partition in a request of its own, in order within it, and resolves when every one is acknowledged', async () => {
    const sender = fakeSender();
    const answer = await checkedSendBatch(sender, batch, counts);
    const requests = sender.sent.map((r) => r.flatMap(({ topic, messages }) => messages.map((m) => ({ topic, partition: m.partition, key: m.key }))));
    // One broker per request is what keeps kafkajs's per-broker retry bookkeeping right.
    for (const r of requests) expect(new Set(r.map((m) => `${m.topic}/${m.partition}`)).size).toBe(1);
    expect(requests.flat().map((m) => m.key).sort()).toEqual(batch.topicMessages[0]!.messages.map((m) => m.key).sort());
    for (const r of requests) expect(r.map((m) => Number(String(m.key).split('-')[1]))).toEqual([...r.map((m) => Number(String(m.key).split('-')[1]))].sort((a, b) => a - b));
    expect(answer.length).toBe(requests.length);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('throws a retriable error naming the partitions the answer leaves out, though the send resolved', async () => {
    const sender = fakeSender(['canonical.party/1', 'canonical.party/4']);
    const error = await checkedSendBatch(sender, batch, counts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnacknowledgedPartitionsError);
    expect((error as UnacknowledgedPartitionsError).missing).toEqual(['canonical.party/1', 'canonical.party/4']);
    expect((error as UnacknowledgedPartitionsError).retriable).toBe(true);
    expect((error as Error).message).toMatch(/canonical\.party\/1, canonical\.party\/4/);
  });

  it('counts an acknowledgement with an error code as missing, and checks nothing for acks=0', async () => {
    expect(unacknowledged([{ topic: 'alerts', messages: [{ key: null, value: 'v', partition: 2 }] }], [ack('alerts', 2, 6)])).toEqual(['alerts/2']);
    await expect(checkedSendBatch({ sendBatch: async () => [] }, { ...batch, acks: 0 }, counts)).resolves.toEqual([]);
  });
});

describe('withCheckedSends', () => {
  it('checks sendBatch and leaves every other method of the producer as it was', async () => {
    const producer = { ...fakeSender(['canonical.party/0', 'canonical.party/1', 'canonical.party/2', 'canonical.party/3', 'canonical.party/4', 'canonical.party/5']), connect: vi.fn(async () => undefined) };
    const checked = withCheckedSends(producer as never as import('kafkajs').Producer, counts);
    await checked.connect();
    expect(producer.connect).toHaveBeenCalledOnce();
    await expect(checked.sendBatch({ acks: -1, topicMessages: [{ topic: 'canonical.party', messages: [{ key: 'k', value: 'v' }] }] })).rejects.toBeInstanceOf(UnacknowledgedPartitionsError);
  });
});

describe('createPartitionCounts', () => {
  it('asks the cluster once per topic while the answer is fresh, and again after the TTL', async () => {
    let now = 0;
    const fetchTopicMetadata = vi.fn(async ({ topics }: { topics: string[] }) => ({ topics: topics.map((name) => ({ name, partitions: [{}, {}, {}] })) }));
    const admin = () => ({ connect: async () => undefined, disconnect: async () => undefined, fetchTopicMetadata });
    const countOf = createPartitionCounts({ admin } as never, { ttlMs: 1_000, now: () => now });
    expect(await countOf('alerts')).toBe(3);
    expect(await countOf('alerts')).toBe(3);
    expect(fetchTopicMetadata).toHaveBeenCalledTimes(1);
    now = 1_500;
    await countOf('alerts');
    expect(fetchTopicMetadata).toHaveBeenCalledTimes(2);
  });
});
