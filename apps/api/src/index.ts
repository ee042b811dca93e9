import { createJwtVerifier } from '@rivulet/auth';
import { parseConfig, saslOptions } from '@rivulet/config';
import { createDb, migrateLatest } from '@rivulet/db';
import { createReadModelProjection } from '@rivulet/projections';
import { loadChecksDir, loadRuleSets } from '@rivulet/quality';
import { createAvroSerde } from '@rivulet/registry';
import { createReplayService } from '@rivulet/replay';
import { createKafka, createLogger, createOpsServer } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import express from 'express';
import { loadMappings } from '@rivulet/transform';
import { fileURLToPath } from 'node:url';
import { parseMasterKey } from '@rivulet/pii';
import { bootstrapAdminKey } from './auth/bootstrapAdminKey.js';
import { apiConfigSchema } from './config.js';
import { createServer } from './createServer.js';
import { createHttpMetrics } from './httpMetrics.js';
import { detectApiRole } from './readModel/tenantScope.js';

const config = parseConfig(apiConfigSchema, process.env);
const logger = createLogger('api', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-api', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const inSchema = config.DB_SCHEMA !== 'public';
const db = createDb({
  url: config.DATABASE_URL, maxConnections: config.API_DB_POOL_SIZE, applicationName: 'rivulet-api', ...(inSchema ? { searchPath: [config.DB_SCHEMA, 'public'] } : {}),
});
// Idempotent and lock-protected (knex's migration lock): safe beside the projector doing the same.
await migrateLatest(db, inSchema ? { schemaName: config.DB_SCHEMA } : {});
if (!config.RIVULET_MASTER_KEY) logger.warn('RIVULET_MASTER_KEY not set: personal fields are answered as [withheld]');
if (!(await detectApiRole(db))) logger.warn('role rivulet_api missing or not grantable: row-level security does not restrict this connection');
if (config.RIVULET_BOOTSTRAP_ADMIN_KEY && config.RIVULET_BOOTSTRAP_TENANT) {
  const inserted = await bootstrapAdminKey(db, config.RIVULET_BOOTSTRAP_ADMIN_KEY, config.RIVULET_BOOTSTRAP_TENANT);
  logger.info({ tenant: config.RIVULET_BOOTSTRAP_TENANT, inserted }, 'bootstrap admin key');
}
const sasl = saslOptions(config);
const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-api', ssl: config.KAFKA_SSL, requestRetries: 1, ...(sasl ? { sasl } : {}) }, logger);
const kafkaAdmin = kafka.admin();
// Kafka being down must not stop the API from serving the read models: health and freshness report it.
await kafkaAdmin.connect().catch((error: unknown) => logger.warn({ err: error }, 'Kafka admin not connected; will retry on demand'));
// Tenant rebuilds (POST /replays) run in this process; their own Kafka client keeps the usual retries.
const replays = createReplayService({
  db, logger, liveSchema: config.DB_SCHEMA, projection: config.PROJECTION_NAME, readModels: createReadModelProjection(),
  codec: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL }),
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-api-replay', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger),
});
const jwtConfigured = config.RIVULET_JWT_HS256_SECRET || config.RIVULET_JWT_JWKS_URL;
const { app } = createServer({
  db,
  logger,
  mappings: loadMappings(),
  qualityChecks: await loadChecksDir(fileURLToPath(new URL('../../../config/checks/', import.meta.url))),
  qualityRules: await loadRuleSets(fileURLToPath(new URL('../../../config/checks/', import.meta.url))),
  kafkaAdmin,
  registryUrl: config.SCHEMA_REGISTRY_URL,
  replays,
  ...(jwtConfigured
    ? {
        jwt: createJwtVerifier({
          ...(config.RIVULET_JWT_HS256_SECRET ? { hs256Secret: config.RIVULET_JWT_HS256_SECRET } : {}),
          ...(config.RIVULET_JWT_JWKS_URL ? { jwksUrl: config.RIVULET_JWT_JWKS_URL } : {}),
          ...(config.RIVULET_JWT_ISSUER ? { issuer: config.RIVULET_JWT_ISSUER } : {}),
          ...(config.RIVULET_JWT_AUDIENCE ? { audience: config.RIVULET_JWT_AUDIENCE } : {}),
        }),
      }
    : {}),
  freshnessTtlMs: config.API_FRESHNESS_TTL_MS,
  bodyLimit: config.API_BODY_LIMIT,
  seedBodyLimit: config.API_SEED_BODY_LIMIT,
  ...(config.RIVULET_MASTER_KEY ? { masterKey: parseMasterKey(config.RIVULET_MASTER_KEY) } : {}),
  keysSchema: config.PII_KEYS_SCHEMA,
});
// Request metrics wrap the API; /metrics is served on OPS_PORT like every other app's (not on the public port).
const metrics = createHttpMetrics();
const server = express()
  .use(metrics.middleware)
  .use(app)
  .listen(config.API_PORT, config.API_HOST, () => logger.info({ port: config.API_PORT, host: config.API_HOST }, 'api listening; dashboard at /dashboard'));
// A rebuild interrupted by a restart goes on from its shadow checkpoints.
void replays.resumeUnfinished()
  .then((jobs) => jobs.length > 0 && logger.info({ replays: jobs.map((j) => j.id) }, 'resumed unfinished rebuilds'))
  .catch((error: unknown) => logger.warn({ err: error }, 'could not resume unfinished rebuilds; they resume at the next start'));
const ops = createOpsServer({ registry: metrics.registry, health: () => ({ status: 'ok', details: {} }) });
ops.listen(config.OPS_PORT, config.OPS_HOST, () => logger.info({ port: config.OPS_PORT }, 'ops server listening (/health, /metrics)'));

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(1);
  stopping = true;
  server.close();
  ops.close();
  await replays.close().catch(() => undefined);
  await kafkaAdmin.disconnect().catch(() => undefined);
  await telemetry.shutdown().catch(() => undefined);
  await db.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
