import { baseConfigSchema, databaseConfigSchema, parseConfig, saslOptions, z } from '@rivulet/config';
import { TOPIC_DEFINITIONS } from '@rivulet/contracts';
import { createDb } from '@rivulet/db';
import { createPgPiiCipher } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, runProcessor } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import { createTransformHandler, createTransformPreparer } from './transformHandler.js';

const config = parseConfig(
  baseConfigSchema.extend(databaseConfigSchema.shape).extend({
    RIVULET_MASTER_KEY: z.string({ error: 'RIVULET_MASTER_KEY is required (base64, 32 bytes)' }),
    TRANSFORM_GROUP_ID: z.string().default('rivulet.transform'),
    /** Records of a chunk transformed at once: each waits on key-store lookups for its personal fields. */
    TRANSFORM_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  }),
  process.env,
);
const logger = createLogger('transform', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-transform', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const db = createDb({ url: config.DATABASE_URL, maxConnections: 4, applicationName: 'rivulet-transform' });
const sasl = saslOptions(config);

const running = await runProcessor({
  app: 'transform',
  port: config.OPS_PORT,
  host: config.OPS_HOST,
  logger,
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-transform', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger),
  codec: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL }),
  topics: TOPIC_DEFINITIONS.filter((d) => d.name.startsWith('raw.')).map((d) => d.name),
  groupId: config.TRANSFORM_GROUP_ID,
  handler: createTransformHandler(),
  handlerConcurrency: config.TRANSFORM_CONCURRENCY,
  prepare: createTransformPreparer(),
  lookups: { pii: createPgPiiCipher({ masterKeyBase64: config.RIVULET_MASTER_KEY, db }) },
  onStopped: async () => {
    await telemetry.shutdown();
    await db.destroy();
  },
});
logger.info({ port: running.port }, 'transform running');
