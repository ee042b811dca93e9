import { parseConfig, saslOptions } from '@rivulet/config';
import { createDb, migrateLatest } from '@rivulet/db';
import { createPgPiiCipher } from '@rivulet/pii';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import { matchConfigSchema, matchSettingsOf, matchStorageOf } from './config.js';
import { startMatchApp } from './matchApp.js';

const config = parseConfig(matchConfigSchema, process.env);
const logger = createLogger('match', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-match', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const storage = matchStorageOf(config);
const db = createDb({ url: config.DATABASE_URL, maxConnections: 6, applicationName: 'rivulet-match', ...(storage.searchPath ? { searchPath: storage.searchPath } : {}) });
if (storage.migrateSchema) {
  // Idempotent and lock-protected (knex's migration lock): safe beside a projector or API migrating the same schema.
  const applied = await migrateLatest(db, { schemaName: storage.migrateSchema });
  if (applied.length) logger.info({ applied, schema: storage.migrateSchema }, 'migrations applied');
}
const sasl = saslOptions(config);

const app = await startMatchApp({
  logger,
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-match', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger),
  codec: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL }),
  db,
  cipher: createPgPiiCipher({ masterKeyBase64: config.RIVULET_MASTER_KEY, db, ...(storage.keysSchema ? { keysSchema: storage.keysSchema } : {}) }),
  settings: matchSettingsOf(config),
  groupId: config.MATCH_GROUP_ID,
  port: config.OPS_PORT,
  host: config.OPS_HOST,
  relay: { pollIntervalMs: config.MATCH_RELAY_POLL_MS, batchSize: config.MATCH_RELAY_BATCH },
  em: { intervalMs: config.MATCH_EM_INTERVAL_MS, minPairs: config.MATCH_EM_MIN_PAIRS, maxPairs: config.MATCH_EM_MAX_PAIRS },
});

// SIGTERM/SIGINT: finish the batch, leave the group, flush the outbox, exit 0; a second signal exits at once.
let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  if (++signals > 1) process.exit(130);
  logger.info({ signal }, 'stopping: draining the batch and the outbox');
  app
    .stop()
    .then(async () => {
      await telemetry.shutdown();
      await db.destroy();
      process.exit(0);
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    });
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
