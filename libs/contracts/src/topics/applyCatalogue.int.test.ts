import { createAvroSerde } from '@rivulet/registry';
import { stackEnv, uniqueName, waitFor } from '@rivulet/testkit';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCatalogue } from './applyCatalogue.js';
import { topicCatalogue, valueSubject, type TopicSpec } from './topics.js';

// Against the real broker and registry, on copies of three catalogue topics under a random prefix, so the
// shared topics of the local stack are never touched.
const env = stackEnv(process.env);
let admin: Admin;

beforeAll(async () => {
  admin = new Kafka({ clientId: uniqueName('apply'), brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
});

describe('applyCatalogue', () => {
  it('creates topics and registers subjects, and a second run changes nothing', async () => {
    const prefix = uniqueName('apply');
    const catalogue: TopicSpec[] = topicCatalogue({ dlqApps: ['x'] })
      .filter((t) => ['raw.crm.customer', 'entities.golden', 'dlq.x'].includes(t.name))
      .map((t) => ({ ...t, name: `${prefix}.${t.name}`, valueSubject: t.valueSubject && valueSubject(`${prefix}.${t.name}`) }));
    const registry = createAvroSerde({ url: env.schemaRegistryUrl, requestTimeoutMs: 5_000, retries: 1 });

    const first = await applyCatalogue({ admin, registry, catalogue });
    expect(first.actions.map((a) => a.kind)).toEqual(['create', 'create', 'create']);
    expect(Object.keys(first.registered)).toHaveLength(2);

    // A new topic's metadata reaches every broker a moment after CreateTopics returns.
    const names = catalogue.map((t) => t.name);
    await waitFor(() => admin.fetchTopicMetadata({ topics: names }).then(() => true), { description: 'the new topics to appear in metadata' });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: `${prefix}.entities.golden`, configNames: ['cleanup.policy'] }],
    });
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('compact');

    const second = await applyCatalogue({ admin, registry, catalogue });
    expect(second.actions).toEqual([]);
    expect(second.registered).toEqual(first.registered);
  });
});
