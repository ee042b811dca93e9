// Creates/updates every catalogue topic and registers every value schema (BACKWARD). Idempotent.
// Run: npx tsx --conditions=source libs/contracts/src/bin/topics.ts
// A bin is the one place in a library allowed to read the environment (docs/conventions.md).
import { createAvroSerde } from '@rivulet/registry';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { applyCatalogue } from '../topics/applyCatalogue.js';
import { topicCatalogue } from '../topics/topics.js';

const positiveInt = z.coerce.number().int().positive();
const Env = z.object({
  KAFKA_BROKERS: z.string().default('127.0.0.1:19092').transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
  SCHEMA_REGISTRY_URL: z.url().default('http://127.0.0.1:18081/apis/ccompat/v7'),
  RIVULET_PARTITION_MULTIPLIER: positiveInt.default(1),
  RIVULET_REPLICATION_FACTOR: positiveInt.default(1),
  RIVULET_ALLOW_PARTITION_INCREASE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const env = parsed.data;
  const admin = new Kafka({ clientId: 'rivulet-topics', brokers: env.KAFKA_BROKERS, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    const result = await applyCatalogue({
      admin,
      registry: createAvroSerde({ url: env.SCHEMA_REGISTRY_URL }),
      catalogue: topicCatalogue({ partitionMultiplier: env.RIVULET_PARTITION_MULTIPLIER, replicationFactor: env.RIVULET_REPLICATION_FACTOR }),
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
