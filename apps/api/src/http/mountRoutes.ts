import { authorize, type Principal } from '@rivulet/auth';
import express, { type Express, type RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { AccessAudit } from '../audit/accessAudit.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { FreshnessSource } from '../freshness/freshness.js';
import type { PersonalAnswers } from '../personalData/personalAnswers.js';
import type { TenantRunner } from '../readModel/tenantScope.js';
import { ApiError, CrossTenantError } from './apiError.js';
import type { AnyRoute, RouteContext } from './route.js';
import { validate } from './validate.js';

export interface MountDeps {
  authenticate: Authenticator;
  runScoped: TenantRunner;
  freshness: FreshnessSource;
  defaultBodyLimit: string;
  /** Rewrites personal fields (ciphertext in the read models) of every `read` route's answer for its caller. */
  personalAnswers?: PersonalAnswers;
  audit: AccessAudit;
}

/** Header by which a caller might name the tenant it means to act for (refused unless it is its own). */
export const TENANT_HEADER = 'x-rivulet-tenant';

/**
 * A tenant the request names explicitly: the `X-Rivulet-Tenant` header, a `tenant`/`tenant_id` query
 * parameter or top-level body field. The tenant always comes from the credentials; naming another one is a
 * cross-tenant attempt.
 */
export function namedTenant(req: express.Request): string | undefined {
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const query = req.query as Record<string, unknown>;
  for (const value of [req.headers[TENANT_HEADER], query.tenant_id, query.tenant, body.tenant_id, body.tenant]) {
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

const principalOf = (res: express.Response): Principal | undefined => res.locals.principal as Principal | undefined;

/**
 * Registers each route: authenticate (401) → authorize (403) → parse the bounded JSON body → validate
 * query/params/body with the route's zod schemas (400) → run the handler in the caller's tenant-scoped
 * transaction with its audit row → JSON (plus freshness on read-model routes). Credentials are checked
 * before the body is even read, so an anonymous caller cannot make the server parse a large body.
 *
 * Cross-tenant attempts on routes over tenant data: a request naming another tenant is a 403 before
 * anything runs, and a 404/403 on a route's `target` (another tenant's id is invisible under row-level
 * security, so it is a 404) is written to the audit log. Compute-only routes (`db: false`) touch no stored
 * data; a tenant named in their body is ignored, as the seed's clients send one.
 */
export function mountRoutes(app: Express, routes: readonly AnyRoute[], deps: MountDeps): void {
  for (const route of routes) {
    const chain: RequestHandler[] = [];
    if (route.permission !== 'public') {
      const permission = route.permission;
      chain.push(async (req, res, next) => {
        const principal = await deps.authenticate({ authorization: req.headers.authorization, 'x-api-key': req.headers['x-api-key'] });
        authorize(principal.role, permission);
        res.locals.principal = principal;
        // Tenant data: never stored by shared caches or the browser's disk cache.
        res.setHeader('Cache-Control', 'no-store');
        next();
      });
    }
    if (route.body) chain.push(express.json({ limit: route.bodyLimit ?? deps.defaultBodyLimit, strict: true }));
    const routeName = `${route.method.toUpperCase()} ${route.path}`;
    chain.push(async (req, res) => {
      const principal = principalOf(res);
      const useDb = (route.db ?? route.permission !== 'public') && principal !== undefined;
      const named = useDb ? namedTenant(req) : undefined;
      if (principal && named !== undefined && named !== principal.tenant) {
        await deps.audit({ principal, route: routeName, path: req.path, status: 403, target: { kind: 'tenant', id: named }, namedTenant: named, reason: 'the request names another tenant' });
        throw new CrossTenantError(`these credentials belong to tenant ${principal.tenant}; they cannot act for tenant ${named}`);
      }
      const input = {
        query: validate(route.query, req.query, 'query'),
        params: validate(route.params, req.params, 'params'),
        body: validate(route.body, req.body, 'body'),
      };
      const freshness = route.freshness ? deps.freshness.get().catch(() => null) : undefined;
      const run = async (tx: Knex.Transaction | undefined) => {
        const ctx: RouteContext = { principal, tx, req };
        let result = await route.handler(input, ctx);
        // Every read-model answer, whatever route: ciphertext never leaves, erased subjects say so.
        if (route.permission === 'read' && tx && principal && deps.personalAnswers) result = await deps.personalAnswers(tx, principal, result);
        if (route.audit && tx && principal) {
          const entry = route.audit(input, result);
          await tx('audit_log').insert({
            tenant_id: principal.tenant,
            actor: principal.subject,
            action: entry.action,
            target: entry.target ?? null,
            detail: JSON.stringify({ via: principal.via, role: principal.role, ...entry.detail }),
          });
        }
        return result;
      };
      let result: unknown;
      try {
        result = useDb ? await deps.runScoped({ tenant: principal!.tenant }, run) : await run(undefined);
      } catch (error) {
        if (principal && route.target && error instanceof ApiError && (error.status === 404 || error.status === 403)) {
          await deps.audit({ principal, route: routeName, path: req.path, status: error.status, target: route.target(input), reason: error.message });
        }
        throw error;
      }
      send(res, result, freshness ? await freshness : undefined);
    });
    app[route.method](route.path, ...chain);
  }
}

function send(res: express.Response, result: unknown, freshness: Awaited<ReturnType<FreshnessSource['get']>> | null | undefined): void {
  if (freshness !== undefined) {
    res.setHeader('X-Rivulet-Lag', freshness?.lag_records === null || freshness === null ? 'unknown' : String(freshness.lag_records));
  }
  const r = result as { kind?: string; status?: number; contentType?: string; body?: unknown; headers?: Record<string, string> } | undefined;
  if (r && r.kind === 'raw') {
    for (const [name, value] of Object.entries(r.headers ?? {})) res.setHeader(name, value);
    res.status(r.status ?? 200).type(r.contentType!).send(r.body);
    return;
  }
  if (r && r.kind === 'json') for (const [name, value] of Object.entries(r.headers ?? {})) res.setHeader(name, value);
  const status = r && r.kind === 'json' ? r.status! : 200;
  let body = r && r.kind === 'json' ? r.body : result;
  if (freshness !== undefined && body && typeof body === 'object' && !Array.isArray(body)) body = { ...body, freshness };
  res.status(status).json(body ?? null);
}
