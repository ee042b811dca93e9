export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

export interface DeclaredMetric {
  name: string;
  type: MetricType;
}

const TYPES: Record<string, MetricType> = { Counter: 'counter', Gauge: 'gauge', Histogram: 'histogram', Summary: 'summary' };

/**
 * prom-client metrics a TypeScript source declares: `new Counter({ name: 'rivulet_...' })` and the like
 * (type known), or any other `name: 'rivulet_...'` property (type unknown, so only the bare name is
 * trusted). Reading the sources, not a running app, lets a test catch a renamed metric without a stack.
 */
export function declaredMetrics(source: string): DeclaredMetric[] {
  const found = new Map<string, DeclaredMetric>();
  for (const m of source.matchAll(/new\s+(Counter|Gauge|Histogram|Summary)\s*(?:<[^>]*>)?\s*\(\s*\{\s*name:\s*['"](rivulet_[A-Za-z0-9_:]+)['"]/g)) {
    found.set(m[2]!, { name: m[2]!, type: TYPES[m[1]!] ?? 'unknown' });
  }
  for (const m of source.matchAll(/\bname:\s*['"](rivulet_[A-Za-z0-9_:]+)['"]/g)) {
    if (!found.has(m[1]!)) found.set(m[1]!, { name: m[1]!, type: 'unknown' });
  }
  return [...found.values()];
}

/** Prefixes given to prom-client's default metrics: `collectDefaultMetrics({ ..., prefix: 'rivulet_' })`. */
export function defaultMetricPrefixes(source: string): string[] {
  return [...source.matchAll(/collectDefaultMetrics\s*\(\s*\{[^}]*\bprefix:\s*['"]([A-Za-z0-9_:]+)['"]/g)].map((m) => m[1]!);
}

/** The series names Prometheus stores for a metric: histograms and summaries expose _sum and _count too. */
export function seriesNames(metric: DeclaredMetric): string[] {
  switch (metric.type) {
    case 'histogram':
      return [metric.name, `${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`];
    case 'summary':
      return [metric.name, `${metric.name}_sum`, `${metric.name}_count`];
    default:
      return [metric.name];
  }
}
