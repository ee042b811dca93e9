import { parseConfig, saslOptions } from '@rivulet/config';
import { createDb, createKnexCheckpointStore, migrateLatest } from '@rivulet/db';
import { runReadModelProjector, scheduleRetention } from '@rivulet/projections';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createLogger } from '@rivulet/runtime';
import { startTelemetry } from '@rivulet/telemetry';
import { projectorConfigSchema } from './projectorConfig.js';

const config = parseConfig(projectorConfigSchema, process.env);
const logger = createLogger('projector', config.LOG_LEVEL);
const telemetry = startTelemetry({ serviceName: 'rivulet-projector', serviceVersion: '0.1.0', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
// Only the target schema on the search_path: a table missing from a shadow schema must fail, not fall back to public.
const db = createDb({ url: config.DATABASE_URL, maxConnections: 6, applicationName: `rivulet-projector-${config.PROJECTION_NAME}`, searchPath: [config.DB_SCHEMA] });
const applied = await migrateLatest(db, config.DB_SCHEMA === 'public' ? {} : { schemaName: config.DB_SCHEMA });
if (applied.length) logger.info({ applied, schema: config.DB_SCHEMA }, 'migrations applied');
const sasl = saslOptions(config);
const retention = config.RETENTION_INTERVAL_MINUTES
  ? scheduleRetention({ db, policies: config.RETENTION_POLICY, intervalMs: config.RETENTION_INTERVAL_MINUTES * 60_000, logger })
  : undefined;

const running = await runReadModelProjector({
  port: config.OPS_PORT,
  host: config.OPS_HOST,
  logger,
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-projector', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger),
  codec: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL }),
  groupId: config.PROJECTOR_GROUP_ID,
  store: createKnexCheckpointStore(db, config.PROJECTION_NAME),
  onStopped: async () => {
    await retention?.stop();
    await telemetry.shutdown();
    await db.destroy();
  },
});
logger.info({ port: running.port, projection: config.PROJECTION_NAME, schema: config.DB_SCHEMA, group: config.PROJECTOR_GROUP_ID, retentionIntervalMinutes: config.RETENTION_INTERVAL_MINUTES ?? null }, 'projector running');
