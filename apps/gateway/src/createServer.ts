import express, { type Express } from 'express';
import { createTenantQuotas, resolveRawTopic, type BatchResult, type InputRow, type RawTopic, type TenantQuotas } from '@rivulet/ingest';
import { createTenantLabel, MAX_TENANT_LABELS, type HealthReport, type Logger } from '@rivulet/runtime';
import type { ApiKey } from './auth/apiKeys.js';
import { createIdempotencyCache, type IdempotencyCache } from './http/idempotencyCache.js';
import { ingestHandlers } from './http/ingestRoute.js';
import { HttpProblem, problemMiddleware } from './http/problem.js';
import type { GatewayMetrics } from './metrics.js';

export interface GatewayDeps {
  apiKeys: readonly ApiKey[];
  /** `ingestBatch` from @rivulet/ingest bound to the serde, publisher and cipher. */
  ingest: (topic: RawTopic, tenantId: string, rows: readonly InputRow[]) => Promise<BatchResult>;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Per-tenant ingest quotas (default: unlimited). */
  quotas?: TenantQuotas;
  /** Bounded `tenant` metric label (default: the API keys' tenants by name, up to the maximum; others `other`). */
  tenantLabel?: (tenantId: string) => string;
  health?: () => HealthReport;
  idempotency?: IdempotencyCache;
  maxBodyBytes?: number;
  maxErrorsInResponse?: number;
  retryAfterSeconds?: number;
}

/** The gateway's express app, not listening (index.ts listens; tests use supertest). */
export function createServer(deps: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Topic contracts load once per process; resolving them eagerly here turns a broken schema into a start failure.
  resolveRawTopic('crm', 'customer');
  const handlers = ingestHandlers({
    apiKeys: deps.apiKeys,
    ingest: deps.ingest,
    idempotency: deps.idempotency ?? createIdempotencyCache(),
    metrics: deps.metrics,
    quotas: deps.quotas ?? createTenantQuotas({ defaultLimit: null }),
    tenantLabel: deps.tenantLabel ?? createTenantLabel([...new Set(deps.apiKeys.map((k) => k.tenantId))].slice(0, MAX_TENANT_LABELS)),
    maxBodyBytes: deps.maxBodyBytes ?? 10 * 1024 * 1024,
    maxErrorsInResponse: deps.maxErrorsInResponse ?? 100,
  });

  app.use((req, res, next) => {
    const stop = deps.metrics.requestSeconds.startTimer();
    res.on('finish', () => stop({ route: (res.locals.routeName as string | undefined) ?? (req.route ? req.path : 'unmatched'), status: String(res.statusCode) }));
    next();
  });
  app.post(['/data/ingest', '/data/ingest/:source/:entity'], ...handlers);
  app.get('/health', (_req, res) => {
    const report = deps.health?.() ?? { status: 'ok', details: {} };
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use((req, _res, next) => next(new HttpProblem(404, 'not-found', 'Not found', `no route ${req.method} ${req.path}`)));
  app.use(problemMiddleware(deps.logger, deps.retryAfterSeconds ?? 5));
  return app;
}
