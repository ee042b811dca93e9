import type { Knex } from 'knex';
import type { KpiContribution } from '../rows/kpiContributions.js';
import { chunked } from './insertRows.js';

/**
 * Adds facts to their windows exactly once. The guard insert into `kpi_fact_events` returns only the ids not
 * seen before, so a fact that comes again (replay past the checkpoint, re-ingestion at a new offset) adds
 * nothing. Sums are done by PostgreSQL in `numeric` (exact), not in JS doubles: the result then does not
 * depend on how events were split into batches, which a rebuild's checksum relies on.
 */
export async function writeKpis(tx: Knex.Transaction, contributions: readonly KpiContribution[]): Promise<number> {
  if (contributions.length === 0) return 0;
  const facts = new Map<string, string>();
  for (const c of contributions) facts.set(c.event_id, c.tenant_id);
  const fresh = new Set<string>();
  for (const chunk of chunked([...facts].map(([event_id, tenant_id]) => ({ event_id, tenant_id })))) {
    const inserted: { event_id: string }[] = await tx('kpi_fact_events').insert(chunk).onConflict('event_id').ignore().returning('event_id');
    for (const row of inserted) fresh.add(row.event_id);
  }
  // First occurrence of each fact only: a duplicate inside the batch must not be counted twice either.
  const seen = new Set<string>();
  const toAdd = contributions.filter((c) => {
    const k = `${c.event_id}\u0000${c.window_size}`;
    if (!fresh.has(c.event_id) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  for (const chunk of chunked(toAdd, 5_000)) {
    await tx.raw(
      `insert into kpis (tenant_id, kpi, window_size, window_start, region, segment, source_system, unit, value, count)
       select tenant_id, kpi, window_size, window_start, region, segment, source_system, unit, sum(value), count(*)
       from jsonb_to_recordset(?::jsonb) as f(tenant_id text, kpi text, window_size text, window_start timestamptz,
            region text, segment text, source_system text, unit text, value numeric)
       group by tenant_id, kpi, window_size, window_start, region, segment, source_system, unit
       on conflict (tenant_id, kpi, window_size, window_start, region, segment, source_system, unit)
       do update set value = kpis.value + excluded.value, count = kpis.count + excluded.count, updated_at = now()`,
      [JSON.stringify(chunk)],
    );
  }
  return fresh.size;
}
