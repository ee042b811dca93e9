import { createAvroSerde } from '@rivulet/registry';
import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createProjector, type CheckpointStore, type Projector } from './projector.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const schema = { type: 'record', name: 'Counted', namespace: 'io.rivulet.test', fields: [{ name: 'n', type: 'int' }] };
const running: Projector[] = [];
afterAll(async () => {
  for (const p of running) await p.stop().catch(() => undefined);
});

/** The CheckpointStore contract in memory: one "transaction" = positions and rows move together. */
function memoryStore() {
  const next = new Map<string, bigint>();
  const rows: number[] = [];
  const transactions: number[] = [];
  const store: CheckpointStore<number[]> = {
    async nextOffset(topic, partition) {
      return next.get(`${topic}:${partition}`)?.toString();
    },
    async applyBatch(input, apply) {
      const key = `${input.topic}:${input.partition}`;
      const staged: number[] = [];
      await apply(staged, next.get(key) ?? 0n);
      rows.push(...staged);
      transactions.push(input.count);
      next.set(key, BigInt(input.lastOffset) + 1n);
    },
  };
  return { store, rows, transactions };
}

describe('projector', () => {
  it('applies a large fetched batch in bounded transactions, each record once and in order, and commits the lag-visible offsets', async () => {
    const topic = uniqueName('proj');
    const groupId = uniqueName('proj-group');
    await createTopics(kafka, [topic], 1);
    await serde.register(`${topic}-value`, schema);
    const producer = kafka.producer();
    await producer.connect();
    const total = 1_050;
    await producer.send({ topic, messages: await Promise.all(Array.from({ length: total }, async (_, n) => ({ value: await serde.encode(`${topic}-value`, { n }) }))) });
    await producer.disconnect();

    const { store, rows, transactions } = memoryStore();
    const projector = createProjector<number[]>({
      app: uniqueName('proj-app'),
      kafka,
      codec: serde,
      topics: [topic],
      logger: pino({ level: 'silent' }),
      groupId,
      store,
      maxChunkRecords: 100,
      project: async (tx, events) => void tx.push(...events.map((e) => (e.value as { n: number }).n)),
    });
    running.push(projector);
    await projector.start();

    await waitFor(() => rows.length >= total, { timeoutMs: 60_000, description: 'every record projected' });
    expect(rows).toEqual(Array.from({ length: total }, (_, n) => n));
    expect(Math.max(...transactions)).toBeLessThanOrEqual(100);
    expect(transactions.reduce((a, b) => a + b, 0)).toBe(total);

    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return committed?.partitions[0]?.offset === String(total);
      }, { timeoutMs: 30_000, description: 'group offset at the end of the topic' });
    } finally {
      await admin.disconnect();
    }
  });
});
