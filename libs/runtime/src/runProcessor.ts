import type { AddressInfo } from 'node:net';
import { createOpsServer } from './httpServer.js';
import { createProcessor, type Processor, type ProcessorOptions } from './processor.js';

export interface RunningProcessor {
  processor: Processor;
  /** Port of the /health and /metrics server (useful when started on port 0). */
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts a processor with its ops server and stops both on SIGTERM/SIGINT: the in-flight chunk is
 * finished and committed, the group is left, then the process exits 0. A second signal exits at once.
 */
export async function runProcessor<L>(
  options: ProcessorOptions<L> & {
    port: number;
    host?: string;
    exitOnSignal?: boolean;
    /** Runs after the processor stopped: flush telemetry, close pools. */
    onStopped?: () => Promise<void>;
  },
): Promise<RunningProcessor> {
  const processor = createProcessor(options);
  const server = createOpsServer({ registry: processor.metrics.registry, health: processor.health });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'ops server listening (/health, /metrics)');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      options.logger.info('stopping: draining the in-flight chunk');
      await processor.stop();
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

  await processor.start();
  return { processor, port, stop };
}
