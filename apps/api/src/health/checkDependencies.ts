import type { Admin } from 'kafkajs';
import type { Knex } from 'knex';
import { withTimeout } from '../freshness/freshness.js';

export interface ServiceHealth {
  status: 'healthy' | 'unhealthy' | 'not_configured';
  response_time_ms: number;
  error?: string;
}

/** The seed's HealthResponse. */
export interface HealthResponse {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  services: Record<string, ServiceHealth>;
}

async function probe(run: (() => Promise<unknown>) | undefined, timeoutMs: number): Promise<ServiceHealth> {
  if (!run) return { status: 'not_configured', response_time_ms: 0 };
  const started = performance.now();
  try {
    await withTimeout(run(), timeoutMs);
    return { status: 'healthy', response_time_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'unhealthy', response_time_ms: Math.round((performance.now() - started) * 10) / 10, error: (error as Error).message };
  }
}

/**
 * Probes every dependency concurrently with a short timeout each: PostgreSQL (`select 1`), Kafka
 * (`describeCluster`, which needs a live broker connection) and the schema registry (`GET /subjects`).
 * PostgreSQL down makes the API unhealthy (nothing can be served); Kafka or the registry down only
 * degrades it (reads work, freshness is unknown).
 */
export async function checkDependencies(deps: { db: Knex; kafkaAdmin?: Admin | undefined; registryUrl?: string | undefined; fetch: typeof fetch; timeoutMs: number; now: () => number }): Promise<HealthResponse> {
  const [postgresql, kafka, registry] = await Promise.all([
    probe(() => deps.db.raw('select 1'), deps.timeoutMs),
    probe(deps.kafkaAdmin ? () => deps.kafkaAdmin!.describeCluster() : undefined, deps.timeoutMs),
    probe(
      deps.registryUrl
        ? async () => {
            const res = await deps.fetch(`${deps.registryUrl!.replace(/\/$/, '')}/subjects`, { signal: AbortSignal.timeout(deps.timeoutMs) });
            if (!res.ok) throw new Error(`registry answered ${res.status}`);
            await res.arrayBuffer();
          }
        : undefined,
      deps.timeoutMs,
    ),
  ]);
  const services = { postgresql, kafka, schema_registry: registry };
  const status = postgresql.status !== 'healthy' ? 'unhealthy' : [kafka, registry].some((s) => s.status === 'unhealthy') ? 'degraded' : 'healthy';
  return { status, timestamp: new Date(deps.now()).toISOString(), services };
}
