import type { Permission, Principal } from '@rivulet/auth';
import type { AccessTarget } from '../audit/accessAudit.js';
import type { z } from '@rivulet/config';
import type { Request } from 'express';
import type { Knex } from 'knex';

/** What a handler may return besides plain JSON: another content type or status. */
export interface RawReply {
  kind: 'raw';
  status?: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface JsonReply {
  kind: 'json';
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const raw = (contentType: string, body: string | Buffer, status = 200, headers?: Record<string, string>): RawReply => ({ kind: 'raw', contentType, body, status, ...(headers ? { headers } : {}) });
export const created = (body: unknown): JsonReply => ({ kind: 'json', status: 201, body });

export interface RouteContext {
  /** Absent only on public routes. */
  principal: Principal | undefined;
  /** The request's transaction, scoped to the caller's tenant by row-level security (absent when `db: false`). */
  tx: Knex.Transaction | undefined;
  req: Request;
}

export interface AuditEntry {
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> {
  method: 'get' | 'post' | 'delete';
  /** Express syntax (`/entities/:id`); the OpenAPI document turns `:id` into `{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** `public` needs no credentials (health, the OpenAPI document, the dashboard's static files). */
  permission: Permission | 'public';
  query?: Q;
  params?: P;
  body?: B;
  /** Bound on the JSON body (body-parser syntax, e.g. '64kb', '5mb'); default: the server's. */
  bodyLimit?: string;
  /** Documented success response schema (the OpenAPI document; responses are not validated at run time). */
  response?: z.ZodType;
  /** Success status (default 200); 201 for routes that create, 202 for work started in the background. */
  successStatus?: 200 | 201 | 202;
  /** Extra response content types besides application/json (documented; the handler picks). */
  produces?: string[];
  /** Run in a tenant-scoped transaction (default: true for routes that need credentials). */
  db?: boolean;
  /** Read-model route: the response carries `freshness` and `X-Rivulet-Lag`. */
  freshness?: boolean;
  /** Writes and admin actions: the audit_log row, written in the request's transaction. */
  audit?: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B> }, result: unknown) => AuditEntry;
  /**
   * The tenant-owned resource the route addresses by id (an entity, a record, a key, a replay...). When the
   * handler refuses it (404/403), the refusal is written to the caller's audit log as `access.denied`,
   * flagged `cross_tenant` when the id belongs to another tenant.
   */
  target?: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B> }) => AccessTarget;
  handler: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B> }, ctx: RouteContext) => unknown;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Identity with inference: the handler's input is typed from the route's own zod schemas. */
export function defineRoute<Q extends z.ZodType = z.ZodObject<{}>, P extends z.ZodType = z.ZodObject<{}>, B extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<Q, P, B>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

/** Express path → OpenAPI path. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
