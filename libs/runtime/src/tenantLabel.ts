/** The label value of every tenant that is not named: one series for the long tail. */
export const OTHER_TENANT_LABEL = 'other';

/** Most tenants a metric may name; past this, a dashboard should use logs or the read models instead. */
export const MAX_TENANT_LABELS = 50;

/**
 * Maps a tenant id to a bounded metric label: the named tenants (at most `MAX_TENANT_LABELS`, e.g. the
 * largest customers) keep their id, every other tenant is `other`. A metric with a `tenant` label
 * therefore has at most N + 1 values per series whatever tenants send, which keeps Prometheus memory
 * flat as tenants are added (no unbounded label cardinality).
 */
export function createTenantLabel(named: readonly string[]): (tenantId: string) => string {
  const names = new Set(named);
  if (names.size > MAX_TENANT_LABELS) throw new RangeError(`at most ${MAX_TENANT_LABELS} tenants may be named in metric labels, got ${names.size}`);
  if (names.has(OTHER_TENANT_LABEL)) throw new RangeError(`"${OTHER_TENANT_LABEL}" is reserved for the tenants that are not named`);
  return (tenantId) => (names.has(tenantId) ? tenantId : OTHER_TENANT_LABEL);
}
