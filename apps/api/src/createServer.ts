import type { JwtVerifier } from '@rivulet/auth';
import type { CompiledChecks, RuleSets } from '@rivulet/quality';
import type { Logger } from '@rivulet/runtime';
import type { ReplayService } from '@rivulet/replay';
import type { MappingCatalog } from '@rivulet/transform';
import express, { type Express } from 'express';
import type { Admin } from 'kafkajs';
import type { Knex } from 'knex';
import { createAuthenticator } from './auth/authenticator.js';
import { createFreshness, type FreshnessSource } from './freshness/freshness.js';
import { createResponseCache } from './freshness/responseCache.js';
import { errorMiddleware, notFound } from './http/errorMiddleware.js';
import { mountRoutes } from './http/mountRoutes.js';
import type { AnyRoute } from './http/route.js';
import { buildOpenApi } from './openapi/buildOpenApi.js';
import { createPersonalAnswers } from './personalData/personalAnswers.js';
import { createTenantRunner } from './readModel/tenantScope.js';
import { createAccessAudit } from './audit/accessAudit.js';
import { adminRoutes } from './routes/adminRoutes.js';
import { alertRoutes } from './routes/alertRoutes.js';
import type { RouteDeps } from './routes/common.js';
import { dashboardDataRoutes } from './routes/dashboardDataRoute.js';
import { docsRoutes } from './routes/docsRoutes.js';
import { entityRoutes } from './routes/entityRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { kpiRoutes } from './routes/kpiRoutes.js';
import { personalDataRoutes } from './routes/personalDataRoutes.js';
import { lineageRoutes } from './routes/lineageRoutes.js';
import { qualityRoutes } from './routes/qualityRoutes.js';
import { rcaRoutes } from './routes/rcaRoutes.js';
import { replayRoutes } from './routes/replayRoutes.js';
import { seedMatchingRoutes } from './routes/seedMatchingRoutes.js';
import { seedQualityRoutes } from './routes/seedQualityRoutes.js';
import { seedRcaRoutes } from './routes/seedRcaRoutes.js';
import { seedTransformRoutes } from './routes/seedTransformRoutes.js';
import { sourceRoutes } from './routes/sourceRoutes.js';

export interface ServerDeps {
  /** Pool whose search_path reaches the read-model tables; the API role must be grantable to its user. */
  db: Knex;
  logger: Logger;
  /** Transform mappings (/transform). */
  mappings: MappingCatalog;
  /** Checks per canonical entity (/check, /generate-report without inline rules). */
  qualityChecks?: ReadonlyMap<string, CompiledChecks>;
  /** Checks with per-tenant thresholds (config/checks/tenants): window verdicts of quality reports. */
  qualityRules?: RuleSets;
  /** Connected Kafka admin client: health and freshness. Without it both report Kafka as unknown. */
  kafkaAdmin?: Admin;
  registryUrl?: string;
  jwt?: JwtVerifier;
  /** Rebuilds of a tenant's read models (POST /replays); absent: those routes answer 503. */
  replays?: ReplayService;
  now?: () => number;
  /** Overrides (tests). */
  freshness?: FreshnessSource;
  freshnessTtlMs?: number;
  healthTimeoutMs?: number;
  /** JSON body bound of ordinary routes (default 64kb) and of the seed's batch endpoints (default 5mb). */
  bodyLimit?: string;
  seedBodyLimit?: string;
  fetch?: typeof fetch;
  version?: string;
  /**
   * The master key (32 bytes): personal fields are shown in clear text to callers with `personal:read`.
   * Without it they are shown as `[withheld]` (or `[erased]`) to everyone.
   */
  masterKey?: Buffer;
  /** Schema of pii_subject_keys (where the edges write keys) when the read models are elsewhere; default: the search_path. */
  keysSchema?: string;
}

export interface RivuletServer {
  app: Express;
  routes: readonly AnyRoute[];
  openApi: Record<string, unknown>;
}

/** The express app, not listening; only index.ts listens. */
export function createServer(deps: ServerDeps): RivuletServer {
  const now = deps.now ?? Date.now;
  const freshness = deps.freshness ?? createFreshness({ db: deps.db, ...(deps.kafkaAdmin ? { admin: deps.kafkaAdmin } : {}), ttlMs: deps.freshnessTtlMs ?? 3_000, now });
  const routeDeps: RouteDeps = {
    db: deps.db, logger: deps.logger, kafkaAdmin: deps.kafkaAdmin, registryUrl: deps.registryUrl, mappings: deps.mappings, now, freshness,
    cache: createResponseCache({ now }), healthTimeoutMs: deps.healthTimeoutMs ?? 2_000, seedBodyLimit: deps.seedBodyLimit ?? '5mb', fetch: deps.fetch ?? fetch,
  };
  let openApi: Record<string, unknown> = {};
  const routes: AnyRoute[] = [
    ...healthRoutes(routeDeps),
    ...kpiRoutes(),
    ...dashboardDataRoutes(routeDeps),
    ...sourceRoutes(),
    ...qualityRoutes({ rules: deps.qualityRules, now }),
    ...entityRoutes(),
    ...lineageRoutes(),
    ...rcaRoutes(),
    ...alertRoutes(),
    ...adminRoutes(),
    ...personalDataRoutes({ keysSchema: deps.keysSchema }),
    ...replayRoutes(deps.replays),
    ...seedTransformRoutes(routeDeps),
    ...seedQualityRoutes({ ...routeDeps, qualityChecks: deps.qualityChecks ?? new Map(), qualityRules: deps.qualityRules }),
    ...seedMatchingRoutes(routeDeps),
    ...seedRcaRoutes(routeDeps),
    ...docsRoutes(() => openApi),
  ];
  openApi = buildOpenApi(routes, { version: deps.version ?? '0.1.0' });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const runScoped = createTenantRunner(deps.db);
  mountRoutes(app, routes, {
    audit: createAccessAudit({ db: deps.db, runScoped, logger: deps.logger }),
    authenticate: createAuthenticator({ runScoped, ...(deps.jwt ? { jwt: deps.jwt } : {}) }),
    runScoped,
    freshness,
    defaultBodyLimit: deps.bodyLimit ?? '64kb',
    personalAnswers: createPersonalAnswers(deps.masterKey, deps.keysSchema),
  });
  app.use(notFound);
  app.use(errorMiddleware(deps.logger));
  return { app, routes, openApi };
}
