import { createProcessorMetrics, createProjector, runWithOps, type CheckpointStore, type Projector, type ProjectorOptions } from '@rivulet/runtime';
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

  const { port, stop } = await runWithOps(projector, {
    port: options.port,
    logger: options.logger,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.exitOnSignal !== undefined ? { exitOnSignal: options.exitOnSignal } : {}),
    ...(options.onStopped ? { onStopped: options.onStopped } : {}),
  });
  return { projector, port, stop };
}
