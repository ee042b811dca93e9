import { Registry, collectDefaultMetrics } from 'prom-client';
import type { DeclaredMetric, MetricType } from './declaredMetrics.js';

/**
 * prom-client's default metrics under `prefix`, asked from prom-client itself (the installed version),
 * so a dashboard panel on e.g. `rivulet_process_resident_memory_bytes` is checked against what the apps
 * really expose. Platform-dependent ones (process_open_fds on Linux) come out as on this machine.
 */
export async function defaultMetrics(prefix: string): Promise<DeclaredMetric[]> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  const metrics = await registry.getMetricsAsJSON();
  return metrics.map((m) => ({ name: m.name, type: String(m.type) as MetricType }));
}
