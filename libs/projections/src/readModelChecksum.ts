import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

interface ChecksummedTable {
  table: string;
  primaryKey: string[];
  /** Columns that differ between two correct projections: when it was written, and what the API wrote. */
  volatile: string[];
}

/** The projected tables (not the API-owned ones), each with its key order and volatile columns. */
export const CHECKSUMMED_TABLES: readonly ChecksummedTable[] = [
  { table: 'data_sources', primaryKey: ['tenant_id', 'source_system', 'entity'], volatile: ['updated_at'] },
  { table: 'transformations', primaryKey: ['event_id'], volatile: ['projected_at'] },
  { table: 'canonical_records', primaryKey: ['event_id'], volatile: ['projected_at'] },
  { table: 'quality_checks', primaryKey: ['event_id'], volatile: ['projected_at'] },
  { table: 'quality_issues', primaryKey: ['event_id'], volatile: ['projected_at'] },
  { table: 'quality_window_stats', primaryKey: ['tenant_id', 'source_system', 'entity', 'window_size', 'window_start', 'metric', 'name'], volatile: ['updated_at'] },
  { table: 'reconciliation_results', primaryKey: ['event_id'], volatile: ['projected_at'] },
  { table: 'entities', primaryKey: ['tenant_id', 'entity_id'], volatile: ['updated_at'] },
  { table: 'entity_members', primaryKey: ['tenant_id', 'entity_id', 'member_key'], volatile: [] },
  { table: 'kpis', primaryKey: ['tenant_id', 'kpi', 'window_size', 'window_start', 'region', 'segment', 'source_system', 'unit'], volatile: ['updated_at'] },
  { table: 'kpi_fact_events', primaryKey: ['event_id'], volatile: [] },
  { table: 'data_source_events', primaryKey: ['event_id'], volatile: [] },
  { table: 'rca_analyses', primaryKey: ['tenant_id', 'analysis_id'], volatile: ['projected_at'] },
  { table: 'alerts', primaryKey: ['tenant_id', 'alert_id'], volatile: ['projected_at', 'acknowledged', 'acknowledged_at', 'acknowledged_by'] },
];

export interface ReadModelChecksum {
  /** md5 over the per-table checksums, in table order. */
  overall: string;
  tables: Record<string, { rows: number; checksum: string }>;
}

/** Which rows to checksum: all, one tenant's, or every tenant's but one (what a tenant's rebuild must not touch). */
export interface ChecksumScope {
  tenant?: string;
  exceptTenant?: string;
}

/**
 * A deterministic checksum of each projected table: md5 of the rows' md5s in primary-key order, each row as
 * its `jsonb` text minus the volatile columns (jsonb prints keys in a fixed order and numbers exactly).
 * Equal checksums of the live and a rebuilt schema mean equal read models. `schema` defaults to the
 * connection's search_path; `scope` restricts it to one tenant's rows (every projected table has
 * `tenant_id`) or to every other tenant's. Reads everything: run it on a replica or off-peak for large models.
 */
export async function readModelChecksum(knex: Knex, schema?: string, scope: ChecksumScope = {}): Promise<ReadModelChecksum> {
  const tables: ReadModelChecksum['tables'] = {};
  const where = scope.tenant !== undefined ? 'where t.tenant_id = ?' : scope.exceptTenant !== undefined ? 'where t.tenant_id is distinct from ?' : '';
  const whereValue = scope.tenant ?? scope.exceptTenant;
  for (const t of CHECKSUMMED_TABLES) {
    const order = t.primaryKey.map(() => '??').join(', ');
    const result = await knex.raw(
      `select count(*)::int as rows,
              md5(coalesce(string_agg(md5((to_jsonb(t) - ?::text[])::text), '' order by ${order}), '')) as checksum
       from ?? as t ${where}`,
      [t.volatile, ...t.primaryKey.map((c) => `t.${c}`), schema ? `${schema}.${t.table}` : t.table, ...(where ? [whereValue!] : [])],
    );
    const row = (result as { rows: { rows: number; checksum: string }[] }).rows[0]!;
    tables[t.table] = { rows: row.rows, checksum: row.checksum };
  }
  const overall = createHash('md5')
    .update(CHECKSUMMED_TABLES.map((t) => `${t.table}:${tables[t.table]!.checksum}`).join('\n'))
    .digest('hex');
  return { overall, tables };
}
