import { createProcessor, type Processor, type ProcessorOptions } from './processor.js';
import { runWithOps, type OpsOptions } from './runWithOps.js';

export interface RunningProcessor {
  processor: Processor;
  /** Port of the /health and /metrics server (useful when started on port 0). */
  port: number;
  stop(): Promise<void>;
}

/** Starts a processor with its ops server; SIGTERM/SIGINT drain, commit and exit (see `runWithOps`). */
export async function runProcessor<L>(options: ProcessorOptions<L> & Omit<OpsOptions, 'logger'>): Promise<RunningProcessor> {
  const processor = createProcessor(options);
  const { port, stop } = await runWithOps(processor, options);
  return { processor, port, stop };
}
