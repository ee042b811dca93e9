import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics every processor exposes on /metrics. Labels are bounded: topic names come from the
 * catalogue, never from record contents, so cardinality cannot grow with data.
 */
export interface ProcessorMetrics {
  registry: Registry;
  recordsIn: Counter<'topic'>;
  recordsOut: Counter<'topic'>;
  skipped: Counter<'topic'>;
  deadLettered: Counter<'topic'>;
  /** Records a fetch handed over again after this instance had committed them (skipped, see committedFloor.ts). */
  staleSkipped: Counter<'topic'>;
  errors: Counter<'stage'>;
  transactions: Counter<'outcome'>;
  processingSeconds: Histogram<'topic'>;
  consumerLag: Gauge<'topic' | 'partition'>;
}

export function createProcessorMetrics(app: string, registry = new Registry()): ProcessorMetrics {
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry, prefix: 'rivulet_' });
  return {
    registry,
    recordsIn: new Counter({ name: 'rivulet_records_in_total', help: 'Records consumed', labelNames: ['topic'], registers: [registry] }),
    recordsOut: new Counter({ name: 'rivulet_records_out_total', help: 'Records produced (committed or not)', labelNames: ['topic'], registers: [registry] }),
    skipped: new Counter({ name: 'rivulet_records_skipped_total', help: 'Records the handler skipped', labelNames: ['topic'], registers: [registry] }),
    deadLettered: new Counter({ name: 'rivulet_dlq_records_total', help: 'Records sent to the dead-letter topic', labelNames: ['topic'], registers: [registry] }),
    staleSkipped: new Counter({ name: 'rivulet_stale_records_skipped_total', help: 'Records a stale fetch delivered again after this instance committed them; skipped', labelNames: ['topic'], registers: [registry] }),
    errors: new Counter({ name: 'rivulet_errors_total', help: 'Failures by stage (decode, handle, encode, commit)', labelNames: ['stage'], registers: [registry] }),
    transactions: new Counter({ name: 'rivulet_transactions_total', help: 'Kafka transactions by outcome', labelNames: ['outcome'], registers: [registry] }),
    processingSeconds: new Histogram({
      name: 'rivulet_processing_seconds',
      help: 'Time from fetch to commit of a chunk, per record',
      labelNames: ['topic'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    consumerLag: new Gauge({ name: 'rivulet_consumer_lag', help: 'High watermark minus next offset', labelNames: ['topic', 'partition'], registers: [registry] }),
  };
}
