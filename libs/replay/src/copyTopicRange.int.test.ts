import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import type { KafkaMessage } from 'kafkajs';
import { createLogger } from '@rivulet/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCopyStateStore } from './copyState.js';
import { copyTopicRange } from './copyTopicRange.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const source = uniqueName('raw.crm.customer');
const target = uniqueName('raw.crm.customer.backfill');
const narrow = uniqueName('raw.crm.customer.narrow');
const boundaries: number[] = [];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = createLogger('replay-test', 'warn');
const admin = kafka.admin();

type Seen = { partition: number; key: string; value: string; headers: Record<string, string>; timestamp: string };

async function readAll(topic: string, expected: number): Promise<Seen[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: false });
  const seen: Seen[] = [];
  const text = (m: KafkaMessage): Record<string, string> => Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message: m }) => void seen.push({ partition, key: m.key!.toString(), value: m.value!.toString(), headers: text(m), timestamp: m.timestamp }) });
  try {
    await waitFor(() => seen.length >= expected, { timeoutMs: 30_000, description: `${expected} messages in ${topic}` });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive right behind
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

// Source records written transactionally, like a processor's output (offsets include commit markers), with
// broker-time timestamps: a commit marker carries the time it was written, so back-dated record timestamps
// would make ListOffsets-by-time land on a marker. `boundaries[b]` is a time between transactions b-1 and b.
beforeAll(async () => {
  await admin.connect();
  await createTopics(kafka, [source, target], 3);
  await createTopics(kafka, [narrow], 1);
  const producer = kafka.producer({ transactionalId: uniqueName('src'), idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let batch = 0; batch < 6; batch++) {
    await pause(30);
    boundaries.push(Date.now());
    await pause(30);
    const tx = await producer.transaction();
    await tx.send({
      topic: source,
      messages: Array.from({ length: 10 }, (_, j) => {
        const i = batch * 10 + j;
        return { key: `tenant/C-${i % 9}`, value: `v${i}`, headers: { traceparent: `tp-${i}`, 'rivulet.seq': String(i) } };
      }),
    });
    await tx.commit();
  }
  await producer.disconnect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [source, target, narrow] }).catch(() => undefined);
  await admin.disconnect();
});

describe('copyTopicRange on the real broker', () => {
  it('copies a time range keeping keys, headers, timestamps and order per partition, and resumes after an interruption without duplicates', async () => {
    const store = createMemoryCopyStateStore();
    const options = { from: source, to: target, fromTime: boundaries[1]!, toTime: boundaries[5]! };
    const dry = await copyTopicRange({ kafka, store, logger }, { ...options, dryRun: true });
    expect(dry.state.routing).toBe('same-partition');
    expect(store.states.size).toBe(0);

    const first = await copyTopicRange({ kafka, store, logger }, { ...options, maxRecords: 15 });
    expect(first).toMatchObject({ finished: false });
    expect(first.copied).toBeGreaterThanOrEqual(15);
    const second = await copyTopicRange({ kafka, store, logger }, options);
    expect(second.finished).toBe(true);
    expect(first.copied + second.copied).toBe(40);

    const copied = await readAll(target, 40);
    const original = (await readAll(source, 60)).filter((m) => Number(m.value.slice(1)) >= 10 && Number(m.value.slice(1)) < 50);
    expect(copied).toHaveLength(40);
    for (const partition of [0, 1, 2]) {
      expect(copied.filter((m) => m.partition === partition)).toEqual(original.filter((m) => m.partition === partition));
    }
    const again = await copyTopicRange({ kafka, store, logger }, options);
    expect(again).toMatchObject({ finished: true, copied: 0 });
  });

  it('into a topic with fewer partitions, routes by key hash so each key keeps its order', async () => {
    const result = await copyTopicRange({ kafka, store: createMemoryCopyStateStore(), logger }, { from: source, to: narrow });
    expect(result).toMatchObject({ finished: true, copied: 60 });
    expect(result.state.routing).toBe('key-hash');
    const copied = await readAll(narrow, 60);
    for (let k = 0; k < 9; k++) {
      const seqs = copied.filter((m) => m.key === `tenant/C-${k}`).map((m) => Number(m.headers['rivulet.seq']));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });
});
