import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupActiveError } from './errors.js';
import { resetGroupOffsets } from './resetGroupOffsets.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const topic = uniqueName('replay-reset');
const groupId = uniqueName('rivulet.app');
const T = Date.UTC(2026, 10, 20, 10, 0, 0);
const admin = kafka.admin();

async function consumeAll(expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
  try {
    await waitFor(() => seen.length >= expected, { timeoutMs: 30_000, description: `${expected} messages` });
    await consumer.commitOffsets([]); // autoCommit flushes on disconnect as well
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

beforeAll(async () => {
  await admin.connect();
  await createTopics(kafka, [topic], 3);
  const producer = kafka.producer();
  await producer.connect();
  // 30 records: ten minutes apart around T, spread over the partitions by key.
  await producer.send({
    topic,
    messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}`, timestamp: String(T + (i - 15) * 600_000) })),
  });
  await producer.disconnect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('resetGroupOffsets on the real broker', () => {
  it('refuses while the group has a live member, naming it', async () => {
    const member = testKafka(env.kafkaBrokers).consumer({ groupId });
    await member.connect();
    await member.subscribe({ topics: [topic], fromBeginning: true });
    await member.run({ eachMessage: async () => undefined });
    try {
      await waitFor(async () => (await admin.describeGroups([groupId])).groups[0]?.state === 'Stable', { description: 'member joined' });
      const attempt = resetGroupOffsets(admin, { groupId, topics: [topic], target: { kind: 'earliest' } });
      await expect(attempt).rejects.toBeInstanceOf(GroupActiveError);
      await expect(attempt).rejects.toThrow(/is Stable with 1 live member\(s\) \(test-.*@.*\): stop the app first/);
    } finally {
      await member.disconnect();
    }
  });

  it('when the group is empty, resets it to a time and the group then re-reads from that time', async () => {
    await waitFor(async () => ['Empty', 'Dead'].includes((await admin.describeGroups([groupId])).groups[0]?.state ?? ''), { description: 'group empty' });
    await resetGroupOffsets(admin, { groupId, topics: [topic], target: { kind: 'earliest' } });
    expect((await consumeAll(30)).length).toBe(30); // the app reads everything
    const dry = await resetGroupOffsets(admin, { groupId, topics: [topic], target: { kind: 'time', timestamp: T }, dryRun: true });
    expect(dry.dryRun).toBe(true);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed!.partitions.reduce((n, p) => n + Number(p.offset), 0)).toBe(30); // dry run changed nothing

    const result = await resetGroupOffsets(admin, { groupId, topics: [topic], target: { kind: 'time', timestamp: T } });
    expect(result.partitions.map((p) => p.from)).not.toContain(undefined);
    const reread = await consumeAll(15);
    expect(reread.sort()).toEqual(Array.from({ length: 15 }, (_, i) => `v${i + 15}`).sort());
  });
});
