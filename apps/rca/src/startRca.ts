import type { AddressInfo } from 'node:net';
import { saslOptions } from '@rivulet/config';
import { createDb, createKnexCheckpointStore } from '@rivulet/db';
import { createAvroSerde } from '@rivulet/registry';
import { createKafka, createOpsServer, createProcessorMetrics, createProjector, type Logger } from '@rivulet/runtime';
import { loadChecksDir } from '@rivulet/quality';
import { loadMappings } from '@rivulet/transform';
import { createAnalyzer, type Analyzer } from './analyzer.js';
import { canonicalEntitiesOf, checkReferences } from './checkReferences.js';
import { createFindingPublisher } from './findingPublisher.js';
import type { RcaAppConfig } from './rcaConfig.js';
import { RCA_INPUT_TOPICS } from './rcaEvents.js';
import { createRcaMetrics } from './rcaMetrics.js';
import { createRcaProjection } from './rcaProjection.js';

export interface RunningRca {
  port: number;
  analyzer: Analyzer;
  stop(): Promise<void>;
}

/**
 * Wires the RCA app: a projector folds quality.issues, quality.results and kpi.facts into window rows
 * (checkpointed in the same PostgreSQL transaction), and an analyser publishes findings for closed windows.
 * Nothing lives only in this process: a restart resumes from the checkpoint and the stored windows.
 */
export async function startRca(config: RcaAppConfig, deps: { logger: Logger; exitOnSignal?: boolean; onStopped?: () => Promise<void> }): Promise<RunningRca> {
  const { logger } = deps;
  const db = createDb({ url: config.DATABASE_URL, maxConnections: 6, applicationName: 'rivulet-rca' });
  const sasl = saslOptions(config);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'rivulet-rca', ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger);
  const codec = createAvroSerde({ url: config.SCHEMA_REGISTRY_URL });
  const metrics = createProcessorMetrics('rca');
  const rcaMetrics = createRcaMetrics(metrics.registry);
  const publisher = createFindingPublisher(kafka, codec);
  await publisher.connect();

  const analyzer = createAnalyzer({
    db, publisher, logger, metrics: rcaMetrics,
    allowedLatenessMs: config.RCA_ALLOWED_LATENESS,
    historySize: config.RCA_HISTORY_SIZE,
    idleCloseMs: config.RCA_IDLE_CLOSE,
    intervalMs: config.RCA_ANALYZE_INTERVAL,
    defaultRules: [{ name: 'rca.default', minSeverity: config.RCA_ALERT_MIN_SEVERITY }],
    publishEmpty: config.RCA_PUBLISH_EMPTY,
    // The dependency graph comes from the lineage the events carry, plus the reference checks of the checks files.
    analysis: { references: checkReferences(await loadChecksDir(config.RCA_CHECKS_DIR), canonicalEntitiesOf(loadMappings(config.RCA_MAPPINGS_DIR))) },
  });
  const projector = createProjector({
    app: 'rca',
    kafka, codec, logger, metrics,
    topics: [...RCA_INPUT_TOPICS],
    groupId: config.RCA_GROUP_ID,
    store: createKnexCheckpointStore(db, `rca:${config.RCA_GROUP_ID}`),
    project: createRcaProjection({
      windows: { sizesMs: config.RCA_WINDOW_SIZES, allowedLatenessMs: config.RCA_ALLOWED_LATENESS, historySize: config.RCA_HISTORY_SIZE },
      maxFutureSkewMs: config.RCA_MAX_FUTURE_SKEW,
      onFolded: ({ late }) => rcaMetrics.lateEvents.inc(late),
    }),
    // The watermark may have moved: look for closed windows now rather than at the next tick.
    onCommitted: () => analyzer.kick(),
  });

  const server = createOpsServer({
    registry: metrics.registry,
    health: () => {
      const h = projector.health();
      const analysisError = analyzer.lastError();
      return { status: h.status === 'ok' && analysisError ? 'degraded' : h.status, details: { ...h.details, analysisError } };
    },
  });
  await new Promise<void>((resolve) => server.listen(config.OPS_PORT, config.OPS_HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'ops server listening (/health, /metrics)');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('stopping: finishing the batch and the analysis round in progress');
      await analyzer.stop();
      await projector.stop();
      await publisher.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.onStopped?.();
      await db.destroy();
      logger.info('stopped');
    })());

  if (deps.exitOnSignal !== false) {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) process.exit(130);
      logger.info({ signal }, 'signal received');
      stop().then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  await projector.start();
  analyzer.start();
  return { port, analyzer, stop };
}
