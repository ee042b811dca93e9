import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface GatewayMetrics {
  registry: Registry;
  /** `tenant` is bounded: the named tenants' ids, every other tenant `other` (see `createTenantLabel`). */
  records: Counter<'tenant' | 'source' | 'entity' | 'outcome' | 'path'>;
  /** Requests refused by the tenant's ingest quota (429 rate, 413 batch larger than the burst). */
  quotaRefusals: Counter<'tenant' | 'reason'>;
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
      help: 'Records ingested, by tenant (named tenants, others as "other"), source/entity, outcome (accepted = acknowledged by Kafka, rejected = invalid) and path (http, dropfolder)',
      labelNames: ['tenant', 'source', 'entity', 'outcome', 'path'],
      registers: [registry],
    }),
    quotaRefusals: new Counter({
      name: 'rivulet_ingest_quota_refusals_total',
      help: 'Ingest requests refused by the tenant\'s quota, by tenant (named tenants, others as "other") and reason (rate = 429, batch-too-large = 413)',
      labelNames: ['tenant', 'reason'],
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
