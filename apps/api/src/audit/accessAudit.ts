import type { Principal } from '@rivulet/auth';
import type { Logger } from '@rivulet/runtime';
import type { Knex } from 'knex';
import type { TenantRunner } from '../readModel/tenantScope.js';

/**
 * The tenant-owned resource a route addresses by id. `lookup` says where such an id lives in any tenant,
 * so a refused access can be told apart: another tenant's resource (a cross-tenant attempt) or none at all.
 */
export interface AccessTarget {
  kind: string;
  id: string;
  lookup?: { table: string; columns: readonly string[] };
}

export interface DeniedAccess {
  principal: Principal;
  /** `GET /entities/:id`: the route as declared, not the raw path. */
  route: string;
  path: string;
  status: 403 | 404;
  target: AccessTarget;
  /** Set when the caller named a tenant explicitly (header, query or body). */
  namedTenant?: string;
  reason: string;
}

export type AccessAudit = (denied: DeniedAccess) => Promise<void>;

/**
 * Writes one `access.denied` row to the caller's tenant's audit log for a refused access to a tenant-owned
 * resource: actor, attempted target, route, outcome, and whether the target exists in another tenant.
 *
 * Row-level security hides other tenants' rows from the request's own transaction, so the owner lookup runs
 * on the server's connection (the read-model owner, as for the bootstrap key); the caller only ever gets the
 * 404, never the answer. The row is written in its own tenant-scoped transaction because the request's
 * transaction is rolled back with the error. A failure to audit is logged and does not turn the refusal
 * into a 500: the access was refused either way.
 */
export function createAccessAudit(deps: { db: Knex; runScoped: TenantRunner; logger: Logger }): AccessAudit {
  async function ownedElsewhere(tenant: string, target: AccessTarget): Promise<boolean | null> {
    if (!target.lookup) return null;
    const { table, columns } = target.lookup;
    const row = await deps.db(table)
      .where((w) => { for (const column of columns) w.orWhere(column, target.id); })
      // `is distinct from`: a row without a tenant (a platform-wide replay job) is not the caller's either.
      .whereRaw('tenant_id is distinct from ?', [tenant])
      .first(deps.db.raw('1 as found'));
    return row !== undefined;
  }

  return async (denied) => {
    const { principal } = denied;
    try {
      const crossTenant = denied.namedTenant !== undefined ? true : await ownedElsewhere(principal.tenant, denied.target);
      await deps.runScoped({ tenant: principal.tenant }, (tx) => tx('audit_log').insert({
        tenant_id: principal.tenant,
        actor: principal.subject,
        action: 'access.denied',
        target: `${denied.target.kind}:${denied.target.id}`,
        detail: JSON.stringify({
          route: denied.route,
          path: denied.path,
          outcome: denied.status,
          reason: denied.reason,
          cross_tenant: crossTenant,
          ...(denied.namedTenant !== undefined ? { named_tenant: denied.namedTenant } : {}),
          via: principal.via,
          role: principal.role,
        }),
      }));
      if (crossTenant) deps.logger.warn({ tenant: principal.tenant, actor: principal.subject, route: denied.route, target: `${denied.target.kind}:${denied.target.id}` }, 'cross-tenant access refused');
    } catch (error) {
      deps.logger.error({ err: error, route: denied.route }, 'could not write the audit row of a refused access');
    }
  };
}
