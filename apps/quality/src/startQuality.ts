import { saslOptions } from '@rivulet/config';
import { TOPIC_DEFINITIONS } from '@rivulet/contracts';
import { createDb } from '@rivulet/db';
import { createPgPiiCipher } from '@rivulet/pii';
import { loadRuleSets } from '@rivulet/quality';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createProcessorMetrics, runProcessor, type Logger, type RunningProcessor } from '@rivulet/runtime';
import { AnomalyModels } from './anomalyModels.js';
import { createPgAnomalyModelStore } from './pgAnomalyModelStore.js';
import { createPgQualityState } from './pgQualityState.js';
import type { QualityConfig } from './qualityConfig.js';
import { createQualityHandler, createQualityPreparer } from './qualityHandler.js';
import { createQualityMetrics } from './qualityMetrics.js';

export interface RunningQuality extends RunningProcessor {
  models: AnomalyModels;
}

/** Wires the quality processor from its config; `index.ts` calls it, and so do the integration tests. */
export async function startQuality(
  config: QualityConfig,
  deps: { logger: Logger; exitOnSignal?: boolean; onStopped?: () => Promise<void>; topics?: string[] },
): Promise<RunningQuality> {
  const { logger } = deps;
  const rules = await loadRuleSets(config.QUALITY_CHECKS_DIR, config.QUALITY_TENANT_THRESHOLDS_DIR ?? undefined);
  const topics = deps.topics ?? TOPIC_DEFINITIONS.filter((d) => d.name.startsWith('canonical.')).map((d) => d.name);
  const unchecked = topics.filter((t) => !rules.entities().includes(t.slice('canonical.'.length)));
  if (unchecked.length > 0) throw new Error(`no checks file in ${config.QUALITY_CHECKS_DIR} for ${unchecked.join(', ')}`);

  const db = createDb({ url: config.DATABASE_URL, maxConnections: 6, applicationName: 'rivulet-quality' });
  const pii = createPgPiiCipher({ masterKeyBase64: config.RIVULET_MASTER_KEY, db });
  const models = new AnomalyModels({
    store: createPgAnomalyModelStore(db),
    retrainEvery: config.QUALITY_RETRAIN_EVERY,
    reservoirSize: config.QUALITY_RESERVOIR_SIZE,
    minTrainRows: config.QUALITY_MIN_TRAIN_ROWS,
    trees: config.QUALITY_ANOMALY_TREES,
    onError: (error, key) => logger.error({ err: error, model: key.replaceAll('\u0000', '/') }, 'saving anomaly model failed; the next version will be saved at the next retraining'),
  });
  const loaded = await models.load();
  logger.info({ models: loaded }, 'anomaly models loaded');

  const metrics = createProcessorMetrics('quality');
  const sasl = saslOptions(config);
  const running = await runProcessor({
    app: 'quality',
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    logger,
    metrics,
    kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-quality', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger),
    codec: createAvroSerde({ url: config.SCHEMA_REGISTRY_URL }),
    topics,
    groupId: config.QUALITY_GROUP_ID,
    maxChunkRecords: config.QUALITY_MAX_CHUNK_RECORDS,
    handler: createQualityHandler({ rules }),
    // The chunk's subject keys and state lookups in a few queries: the handler then reads them from memory.
    prepare: createQualityPreparer({ rules }),
    lookups: {
      pii,
      state: createPgQualityState(db, { hashKey: (tenant, key) => pii.keyedHash(tenant, key), duplicateWindowMs: config.QUALITY_DUPLICATE_WINDOW }),
      models,
      metrics: createQualityMetrics(metrics.registry, () => models.modelCount),
    },
    ...(deps.exitOnSignal !== undefined ? { exitOnSignal: deps.exitOnSignal } : {}),
    onStopped: async () => {
      await models.flush();
      await deps.onStopped?.();
      await db.destroy();
    },
  });
  return { ...running, models };
}
