import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Sources the platform knows; anything else is counted as "other" so labels stay bounded whatever the data says. */
export const KNOWN_SOURCES = new Set(['crm', 'erp', 'billing', 'cdr', 'oss', 'file']);
export const sourceLabel = (source: string): string => (KNOWN_SOURCES.has(source) ? source : 'other');

export interface QualityMetrics {
  score: Histogram<'source' | 'entity'>;
  records: Counter<'source' | 'entity' | 'status'>;
  issues: Counter<'source' | 'entity' | 'severity'>;
  lastScore: Gauge<'source' | 'entity'>;
  anomalous: Counter<'source' | 'entity'>;
  models: Gauge<never>;
}

/**
 * Quality metrics on the processor's registry. Labels: source (bounded by KNOWN_SOURCES), entity (the eight
 * canonical entities), status/severity (enums). Counted when the handler runs, so a redelivered chunk counts
 * twice: these are operational signals, the read models hold the exact numbers.
 */
export function createQualityMetrics(registry: Registry, modelCount: () => number): QualityMetrics {
  const labelNames = ['source', 'entity'] as const;
  return {
    score: new Histogram({ name: 'rivulet_quality_score', help: 'Per-record quality score (weighted share of passed checks)', labelNames, buckets: [0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1], registers: [registry] }),
    records: new Counter({ name: 'rivulet_quality_records_total', help: 'Records judged, by verdict', labelNames: [...labelNames, 'status'], registers: [registry] }),
    issues: new Counter({ name: 'rivulet_quality_issues_total', help: 'Failed checks', labelNames: [...labelNames, 'severity'], registers: [registry] }),
    lastScore: new Gauge({ name: 'rivulet_quality_last_score', help: 'Score of the last record judged', labelNames, registers: [registry] }),
    anomalous: new Counter({ name: 'rivulet_quality_anomalous_total', help: 'Records scored above their anomaly model threshold', labelNames, registers: [registry] }),
    models: new Gauge({
      name: 'rivulet_quality_anomaly_models', help: 'Tenant/source/entity combinations with an anomaly model in memory', registers: [registry],
      collect() { this.set(modelCount()); },
    }),
  };
}
