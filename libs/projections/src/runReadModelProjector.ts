import type { AddressInfo } from 'node:net';
import { createOpsServer, createProcessorMetrics, createProjector, type CheckpointStore, type Projector, type ProjectorOptions } from '@rivulet/runtime';
import type { Knex } from 'knex';
import { createReadModelProjection, type ReadModelProjection } from './createReadModelProjection.js';
import { createProjectionLatency } from './projectionLatency.js';

export interface RunReadModelProjectorOptions {
  app?: string;
  kafka: ProjectorOptions<Knex.Transaction>['kafka'];
  codec: ProjectorOptions<Knex.Transaction>['codec'];
  logger: ProjectorOptions<Knex.Transaction>['logger'];
  groupId: string;
  /** Checkpoints of this projection, in the same database (and schema) as its tables. */
  store: CheckpointStore<Knex.Transaction>;
  projection?: ReadModelProjection;
  backoff?: ProjectorOptions<Knex.Transaction>['backoff'];
  /** Port of /health and /metrics (0 picks a free one). */
  port: number;
  host?: string;
  exitOnSignal?: boolean;
  /** Runs after the projector stopped: flush telemetry, close pools. */
  onStopped?: () => Promise<void>;
  now?: () => number;
}

export interface RunningReadModelProjector {
  projector: Projector;
  port: number;
  stop(): Promise<void>;
}

/**
 * Runs the read-model projector with its ops server (/health, /metrics with the runtime's metrics plus
 * `rivulet_projection_e2e_latency_seconds`) and stops on SIGTERM/SIGINT: the in-flight batch's transaction
 * finishes, the group is left, then the process exits 0; a second signal exits at once.
 */
export async function runReadModelProjector(options: RunReadModelProjectorOptions): Promise<RunningReadModelProjector> {
  const app = options.app ?? 'projector';
  const now = options.now ?? Date.now;
  const projection = options.projection ?? createReadModelProjection();
  const metrics = createProcessorMetrics(app);
  const latency = createProjectionLatency(metrics.registry);
  const projector = createProjector<Knex.Transaction>({
    app,
    kafka: options.kafka,
    codec: options.codec,
    topics: projection.topics,
    logger: options.logger,
    groupId: options.groupId,
    store: options.store,
    metrics,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    project: async (tx, events) => {
      await projection.project(tx, events);
      latency.staged(events);
    },
    onCommitted: (topic, partition) => latency.committed(topic, partition, now()),
  });

  const server = createOpsServer({ registry: metrics.registry, health: projector.health });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'ops server listening (/health, /metrics)');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      options.logger.info('stopping: finishing the in-flight batch');
      await projector.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.onStopped?.();
      options.logger.info('stopped');
    })());

  if (options.exitOnSignal !== false) {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) process.exit(130);
      options.logger.info({ signal }, 'signal received');
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          options.logger.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  await projector.start();
  return { projector, port, stop };
}
