import type { AddressInfo } from 'node:net';
import { Partitioners } from 'kafkajs';
import { saslOptions } from '@rivulet/config';
import { createDb } from '@rivulet/db';
import { createKafkaPublisher, createTenantQuotas, ingestBatch, ingestStream, throttleRows, type IngestDeps } from '@rivulet/ingest';
import { createPgPiiCipher, protectRecord } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger, createPartitionCounts, createTenantLabel, withCheckedSends, type HealthReport, type Logger } from '@rivulet/runtime';
import type { GatewayConfig } from './config.js';
import { createServer } from './createServer.js';
import { createDropFolder, type DropFolder } from './dropFolder/dropFolder.js';
import { createIdempotencyCache } from './http/idempotencyCache.js';
import { createGatewayMetrics } from './metrics.js';

export interface RunningGateway {
  port: number;
  url: string;
  dropFolder?: DropFolder;
  /** Stops taking requests and files, lets in-flight publishes finish, closes Kafka and PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * Builds the gateway's dependencies from its config and listens: one idempotent Kafka producer (acks=all)
 * behind the serial publisher, the registry serde, the PII cipher on PostgreSQL, and optionally the drop
 * folders, which share all of them. Used by index.ts and by tests that start the gateway in-process.
 */
export async function startGateway(config: GatewayConfig, options: { logger?: Logger } = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const sasl = saslOptions(config);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-gateway', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger);
  // kafkajs's idempotent producer: acks must be all; one request in flight keeps its sequence numbers sound.
  // The default partitioner is Java-compatible murmur2, so NiFi's PublishKafka puts a key on the same partition.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'rivulet-gateway', maxConnections: 5 });
  const cipher = createPgPiiCipher({ masterKeyBase64: config.RIVULET_MASTER_KEY, db });
  // Checked sends: kafkajs can resolve a send without writing partitions whose leader moved (checkedSend.ts).
  const publisher = createKafkaPublisher(withCheckedSends(producer, createPartitionCounts(kafka)), { timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS });
  const deps: IngestDeps = {
    serde: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL, requestTimeoutMs: 3_000, retries: 1 }),
    publisher,
    protect: (topic, value, ctx) => protectRecord(topic.event, value, ctx, cipher),
    prepareKeys: (tenantId, subjectIds) => cipher.prepare(tenantId, subjectIds),
    now: Date.now,
  };
  const metrics = createGatewayMetrics({ defaultMetrics: true });
  const quotas = createTenantQuotas(config.ingestQuota);
  const tenantLabel = createTenantLabel(config.metricsTenants);
  let state: HealthReport['status'] = 'starting';

  const app = createServer({
    apiKeys: config.RIVULET_API_KEYS,
    ingest: (topic, tenantId, rows) => ingestBatch(deps, topic, tenantId, rows),
    metrics,
    logger,
    quotas,
    tenantLabel,
    health: () => ({ status: state, details: { dropFolder: config.RIVULET_DROP_ROOT ?? null } }),
    idempotency: createIdempotencyCache({ maxEntries: config.IDEMPOTENCY_MAX_ENTRIES, ttlMs: config.IDEMPOTENCY_TTL_MS }),
    maxBodyBytes: config.INGEST_MAX_BODY_BYTES,
    retryAfterSeconds: config.INGEST_RETRY_AFTER_SECONDS,
  });
  const server = app.listen(config.GATEWAY_PORT);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;

  const dropFolder = config.RIVULET_DROP_ROOT && config.RIVULET_DROP_TENANT
    ? createDropFolder({
      root: config.RIVULET_DROP_ROOT,
      tenantId: config.RIVULET_DROP_TENANT,
      logger,
      // The tenant's quota applies to files too: they cannot be told to come back later, so they are slowed down.
      ingest: (topic, tenantId, rows, streamOptions) => ingestStream(deps, topic, tenantId, throttleRows(quotas, tenantId, rows), streamOptions),
      onFile: (topic, summary) => {
        const labels = { tenant: tenantLabel(config.RIVULET_DROP_TENANT!), source: topic.source, entity: topic.entity, path: 'dropfolder' };
        metrics.records.inc({ ...labels, outcome: 'accepted' }, summary.accepted);
        metrics.records.inc({ ...labels, outcome: 'rejected' }, summary.rejected);
      },
      pollMs: config.RIVULET_DROP_POLL_MS,
      settleMs: config.RIVULET_DROP_SETTLE_MS,
      staleMs: config.RIVULET_DROP_STALE_MS,
    })
    : undefined;
  await dropFolder?.start();
  state = 'ok';
  logger.info({ port, dropFolder: config.RIVULET_DROP_ROOT }, 'gateway listening');

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ...(dropFolder ? { dropFolder } : {}),
    async stop() {
      state = 'stopping';
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        dropFolder?.stop(),
      ]);
      server.closeAllConnections();
      await publisher.idle();
      await producer.disconnect();
      await db.destroy();
    },
  };
}
