import type { Knex } from 'knex';
import type { PlannedWrites } from '../planWrites.js';
import { foldDataSourceRows } from '../rows/dataSourceRow.js';
import { chunked, insertIgnore, lastPerKey } from './insertRows.js';
import { writeEntities } from './writeEntities.js';
import { writeKpis } from './writeKpis.js';
import { writeQualityChecks } from './writeQualityChecks.js';

/** Record counts guarded by `data_source_events` (only ids inserted now count); first/last seen by min/max. */
async function writeDataSources(tx: Knex.Transaction, contributions: PlannedWrites['dataSources']): Promise<void> {
  const ids = new Map(contributions.map((c) => [c.event_id, c.tenant_id]));
  const fresh = new Set<string>();
  for (const chunk of chunked([...ids].map(([event_id, tenant_id]) => ({ event_id, tenant_id })))) {
    const inserted: { event_id: string }[] = await tx('data_source_events').insert(chunk).onConflict('event_id').ignore().returning('event_id');
    for (const row of inserted) fresh.add(row.event_id);
  }
  for (const chunk of chunked(foldDataSourceRows(contributions, (id) => fresh.has(id)))) {
    await tx('data_sources')
      .insert(chunk)
      .onConflict(['tenant_id', 'source_system', 'entity'])
      .merge({
        topic: tx.raw('excluded.topic'),
        first_seen_at: tx.raw('least(data_sources.first_seen_at, excluded.first_seen_at)'),
        last_seen_at: tx.raw('greatest(data_sources.last_seen_at, excluded.last_seen_at)'),
        last_ingest_at: tx.raw('greatest(data_sources.last_ingest_at, excluded.last_ingest_at)'),
        record_count: tx.raw('data_sources.record_count + excluded.record_count'),
        updated_at: tx.raw('now()'),
      });
  }
}

/**
 * One row per analysis, the latest event winning. RCA publishes an analysis again, byte-identical, after a crash
 * between Kafka's acknowledgement and marking its window analysed, so a batch can hold one id twice, and an
 * upsert statement must not touch a row twice.
 */
async function writeRcaAnalyses(tx: Knex.Transaction, rows: PlannedWrites['rcaAnalyses']): Promise<void> {
  for (const chunk of chunked(lastPerKey(rows, (r) => `${r.tenant_id}/${r.analysis_id}`))) {
    const columns = Object.keys(chunk[0]!).filter((c) => c !== 'tenant_id' && c !== 'analysis_id');
    await tx('rca_analyses')
      .insert(chunk)
      .onConflict(['tenant_id', 'analysis_id'])
      .merge([...columns, 'projected_at'].reduce<Record<string, Knex.Raw>>((set, c) => ({ ...set, [c]: c === 'projected_at' ? tx.raw('now()') : tx.raw('??', [`excluded.${c}`]) }), {}));
  }
}

/** Writes a batch's planned rows; runs inside the projector's checkpoint transaction. */
export async function applyWrites(tx: Knex.Transaction, writes: PlannedWrites): Promise<void> {
  if (writes.dataSources.length) await writeDataSources(tx, writes.dataSources);
  await insertIgnore(tx, 'canonical_records', writes.canonicalRecords, ['event_id']);
  await insertIgnore(tx, 'transformations', writes.transformations, ['event_id']);
  await writeQualityChecks(tx, writes.qualityChecks);
  await insertIgnore(tx, 'quality_issues', writes.qualityIssues, ['event_id']);
  await insertIgnore(tx, 'reconciliation_results', writes.reconciliations, ['event_id']);
  await writeEntities(tx, writes.entityChanges);
  await writeKpis(tx, writes.kpiContributions);
  if (writes.rcaAnalyses.length) await writeRcaAnalyses(tx, writes.rcaAnalyses);
  // Alerts keep the API's acknowledgement: a re-delivered alert never resets it.
  await insertIgnore(tx, 'alerts', writes.alerts, ['tenant_id', 'alert_id']);
}
