// Creates/updates every catalogue topic and registers every value schema (BACKWARD). Idempotent.
// Run: npx tsx --conditions=source libs/contracts/src/bin/topics.ts
// A bin is the one place in a library allowed to read the environment (docs/conventions.md).
import { baseConfigSchema, saslOptions } from '@rivulet/config';
import { createAvroSerde } from '@rivulet/registry';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { applyCatalogue } from '../topics/applyCatalogue.js';
import { replicationForBrokers, topicCatalogue } from '../topics/topics.js';

const positiveInt = z.coerce.number().int().positive();
// The Kafka connection settings (brokers, SSL, SASL) are the apps' own, so a secured cluster works here too.
const Env = baseConfigSchema.pick({ KAFKA_BROKERS: true, KAFKA_SSL: true, KAFKA_SASL_MECHANISM: true, KAFKA_SASL_USERNAME: true, KAFKA_SASL_PASSWORD: true, SCHEMA_REGISTRY_URL: true }).extend({
  RIVULET_PARTITION_MULTIPLIER: positiveInt.default(1),
  // Unset: one replica per broker of the cluster, at most 3 (replicationForBrokers), min ISR from that.
  RIVULET_REPLICATION_FACTOR: positiveInt.optional(),
  RIVULET_MIN_INSYNC_REPLICAS: positiveInt.optional(),
  RIVULET_ALLOW_PARTITION_INCREASE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const env = parsed.data;
  const sasl = saslOptions(env);
  const admin = new Kafka({ clientId: 'rivulet-topics', brokers: env.KAFKA_BROKERS, ssl: env.KAFKA_SSL, ...(sasl ? { sasl } : {}), logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    const replicationFactor = env.RIVULET_REPLICATION_FACTOR ?? replicationForBrokers((await admin.describeCluster()).brokers.length);
    const catalogue = topicCatalogue({ partitionMultiplier: env.RIVULET_PARTITION_MULTIPLIER, replicationFactor, minInsyncReplicas: env.RIVULET_MIN_INSYNC_REPLICAS });
    console.log(`[topics] replication factor ${replicationFactor}, min.insync.replicas ${catalogue[0]!.minInsyncReplicas}`);
    const result = await applyCatalogue({
      admin,
      registry: createAvroSerde({ url: env.SCHEMA_REGISTRY_URL }),
      catalogue,
      allowPartitionIncrease: env.RIVULET_ALLOW_PARTITION_INCREASE,
      log: (line) => console.log(`[topics] ${line}`),
    });
    console.log(`[topics] done: ${result.actions.length} topic change(s), ${Object.keys(result.registered).length} subject(s) registered`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`[topics] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
