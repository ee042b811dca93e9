import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, createProjector, type ProjectedEvent } from '@rivulet/runtime';
import { createTopics, stackEnv, testKafka, uniqueName, waitFor } from '@rivulet/testkit';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from './createDb.js';
import { createKnexCheckpointStore } from './knexCheckpointStore.js';
import { migrateLatest } from './migrate.js';

const env = stackEnv(process.env);
const kafka = testKafka(env.kafkaBrokers);
const serde = createAvroSerde({ url: env.schemaRegistryUrl });
const schema = uniqueName('proj').replaceAll('-', '_');
const db = createDb({ url: env.databaseUrl, searchPath: [schema, 'public'] });
afterAll(async () => {
  await db.raw('drop schema if exists ?? cascade', [schema]);
  await db.destroy();
});

const valueSchema = { type: 'record', name: 'Counted', namespace: 'io.rivulet.test', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }] };

// A deliberately non-idempotent projection (a running total): only the checkpoint keeps it right on replay.
async function project(tx: Knex.Transaction, events: ProjectedEvent[]) {
  for (const e of events) {
    const v = e.value as { id: string; amount: number };
    await tx('rows').insert({ id: v.id, amount: v.amount, trace_id: e.traceId });
    await tx('totals').increment('total', v.amount);
  }
}

function startProjector(topic: string, groupId: string) {
  const logger = createLogger('projector-test', 'warn');
  return createProjector({
    app: 'projector-test',
    kafka: createKafka({ brokers: env.kafkaBrokers, clientId: 'projector-test' }, logger),
    codec: serde,
    topics: [topic],
    logger,
    groupId,
    store: createKnexCheckpointStore(db, 'test'),
    project,
  });
}

describe('projector with PostgreSQL checkpoints', () => {
  it('applies each event once, even when Kafka redelivers everything from offset zero', async () => {
    await migrateLatest(db, { schemaName: schema });
    await db.schema.withSchema(schema).createTable('rows', (t) => {
      t.text('id').primary();
      t.integer('amount');
      t.text('trace_id');
    });
    await db.schema.withSchema(schema).createTable('totals', (t) => t.integer('total'));
    await db(`${schema}.totals`).insert({ total: 0 });

    const topic = uniqueName('events');
    await createTopics(kafka, [topic, 'dlq.projector-test'].slice(0, 1));
    await serde.register(`${topic}-value`, valueSchema);
    const producer = kafka.producer();
    await producer.connect();
    const messages = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => ({ key: `k${i % 5}`, value: await serde.encode(`${topic}-value`, { id: `e${i}`, amount: i }) })),
    );
    await producer.send({ topic, messages });
    await producer.disconnect();
    const expectedTotal = (99 * 100) / 2;

    const groupId = uniqueName('projector');
    const first = startProjector(topic, groupId);
    await first.start();
    await waitFor(async () => (await db(`${schema}.rows`).count<{ count: number }[]>('* as count'))[0]!.count === 100, { timeoutMs: 60_000, description: '100 rows' });
    await first.stop();

    // Rewind Kafka's committed offsets to zero, as a careless replay or a lost offset commit would.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();

    const second = startProjector(topic, groupId);
    await second.start();
    await new Promise((r) => setTimeout(r, 4_000));
    await second.stop();
    const [{ total }] = await db(`${schema}.totals`).select('total');
    expect(total).toBe(expectedTotal);
    const checkpoints = await db(`${schema}.projection_checkpoints`).where({ projection: 'test', topic });
    expect(checkpoints.reduce((sum, c) => sum + Number(c.next_offset), 0)).toBe(100);
  });
});
