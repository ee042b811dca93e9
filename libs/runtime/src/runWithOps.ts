import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createOpsServer, type HealthReport } from './httpServer.js';
import type { ProcessorMetrics } from './metrics.js';

/** Anything the runtime can run: a processor or a projector. */
export interface Runnable {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): HealthReport;
  metrics: ProcessorMetrics;
}

export interface OpsOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Stop on SIGTERM/SIGINT and exit (0, or 1 if stopping failed); a second signal exits at once. Default true. */
  exitOnSignal?: boolean;
  /** Runs after the runnable stopped: flush telemetry, close pools. */
  onStopped?: () => Promise<void>;
}

/**
 * Serves `/health` and `/metrics` for `runnable`, starts it, and stops both on SIGTERM/SIGINT: the in-flight
 * chunk or batch is finished and committed, the group is left, then the process exits 0.
 */
export async function runWithOps(runnable: Runnable, options: OpsOptions): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = createOpsServer({ registry: runnable.metrics.registry, health: runnable.health });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'ops server listening (/health, /metrics)');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      options.logger.info('stopping: draining the in-flight work');
      await runnable.stop();
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

  await runnable.start();
  return { port, stop };
}
