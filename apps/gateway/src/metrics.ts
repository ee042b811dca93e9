import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface GatewayMetrics {
  registry: Registry;
  records: Counter<'source' | 'entity' | 'outcome' | 'path'>;
  requestSeconds: Histogram<'route' | 'status'>;
}

/** One registry per gateway instance (tests create several in one process). */
export function createGatewayMetrics(options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'rivulet_gateway_' });
  return {
    registry,
    records: new Counter({
      name: 'rivulet_ingest_records_total',
      help: 'Records ingested, by source/entity, outcome (accepted = acknowledged by Kafka, rejected = invalid) and path (http, dropfolder)',
      labelNames: ['source', 'entity', 'outcome', 'path'],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'rivulet_ingest_request_duration_seconds',
      help: 'Ingest request latency, until Kafka acknowledged (or the request failed)',
      labelNames: ['route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
