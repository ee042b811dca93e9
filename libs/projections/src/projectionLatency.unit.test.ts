import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createProjectionLatency } from './projectionLatency.js';
import { kpiFact, projected, T0 } from './testing/events.js';

describe('createProjectionLatency', () => {
  it('given a staged batch, when it commits, then now − ingest_time is observed once per record', async () => {
    const registry = new Registry();
    const latency = createProjectionLatency(registry);
    latency.staged([projected(kpiFact(1), { topic: 'kpi.facts', partition: 1 }), projected(null, { topic: 'kpi.facts', partition: 1 })]);
    latency.committed('kpi.facts', 1, T0 + 1_000); // ingest_time is T0 − 1 s
    latency.committed('kpi.facts', 1, T0 + 9_000); // nothing staged any more
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'rivulet_projection_e2e_latency_seconds')!;
    const values = metric.values as { metricName?: string; value: number }[];
    expect(values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(1);
    expect(values.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(2);
  });

  it('given a failed attempt then a retry, when the retry commits, then only the retry is observed', async () => {
    const registry = new Registry();
    const latency = createProjectionLatency(registry);
    latency.staged([projected(kpiFact(1), { topic: 't', partition: 0 }), projected(kpiFact(2), { topic: 't', partition: 0 })]);
    latency.staged([projected(kpiFact(1), { topic: 't', partition: 0 })]);
    latency.committed('t', 0, T0);
    const values = (await registry.getMetricsAsJSON())[0]!.values as { metricName?: string; value: number }[];
    expect(values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(1);
  });
});
