import type { ProjectedEvent } from '@rivulet/runtime';
import { Histogram, type Registry } from 'prom-client';

export interface ProjectionLatency {
  /** Remembers the ingest times of a batch being projected (replaces an earlier, failed attempt's). */
  staged(events: readonly ProjectedEvent[]): void;
  /** Observes now − ingest time for the batch of `topic`/`partition` once its transaction committed. */
  committed(topic: string, partition: number, nowMs: number): void;
  histogram: Histogram<'topic'>;
}

/**
 * `rivulet_projection_e2e_latency_seconds`: from Rivulet accepting a record (envelope.ingest_time) to its
 * read-model row being committed, the latency a dashboard user sees. Observed at commit, not at projection,
 * so an aborted transaction is never counted.
 */
export function createProjectionLatency(registry: Registry): ProjectionLatency {
  const histogram = new Histogram({
    name: 'rivulet_projection_e2e_latency_seconds',
    help: 'Time from ingest (envelope.ingest_time) to the read-model commit, per record',
    labelNames: ['topic'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const pending = new Map<string, number[]>();
  return {
    histogram,
    staged(events) {
      const byPartition = new Map<string, number[]>();
      for (const e of events) {
        const ingest = (e.value as { envelope?: { ingest_time?: unknown } } | null)?.envelope?.ingest_time;
        if (typeof ingest !== 'number') continue;
        const key = `${e.topic}\u0000${e.partition}`;
        byPartition.set(key, [...(byPartition.get(key) ?? []), ingest]);
      }
      for (const [key, times] of byPartition) pending.set(key, times);
    },
    committed(topic, partition, nowMs) {
      const key = `${topic}\u0000${partition}`;
      for (const ingest of pending.get(key) ?? []) histogram.observe({ topic }, Math.max(0, nowMs - ingest) / 1000);
      pending.delete(key);
    },
  };
}
