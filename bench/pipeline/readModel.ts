import type { Knex } from 'knex';

export interface TenantCounts {
  canonical: number;
  qualityChecks: number;
  decisions: number;
}

export async function tenantCounts(db: Knex, tenant: string): Promise<TenantCounts> {
  const count = async (table: string) => Number((await db(table).where({ tenant_id: tenant }).count<{ count: string }[]>('* as count'))[0]!.count);
  return { canonical: await count('canonical_records'), qualityChecks: await count('quality_checks'), decisions: await count('reconciliation_results') };
}

/**
 * End-to-end latency per raw record, in ms: from its ingest time (`envelope.ingest_time`, set by the ingest
 * path and carried into the canonical event) to the last of its read-model rows (canonical record, quality
 * check, and for parties the match decision). `projected_at` is the projector transaction's `now()`, so the
 * commit itself (one batch's write time) is not included.
 */
export async function endToEndLatencies(db: Knex, tenant: string): Promise<number[]> {
  const result = await db.raw<{ rows: { ms: string }[] }>(
    `select extract(epoch from greatest(c.projected_at, q.at, coalesce(r.at, c.projected_at))) * 1000
            - (c.payload->'envelope'->>'ingest_time')::bigint as ms
       from canonical_records c
       join (select record_event_id, max(projected_at) as at from quality_checks where tenant_id = :tenant group by 1) q on q.record_event_id = c.event_id
       left join (select record_event_id, max(projected_at) as at from reconciliation_results where tenant_id = :tenant group by 1) r on r.record_event_id = c.event_id
      where c.tenant_id = :tenant`,
    { tenant },
  );
  return result.rows.map((r) => Number(r.ms));
}

/**
 * Waits until the tenant's read-model rows stop changing: every canonical record has its quality check and
 * the counts held still for `quietPolls` polls in a row.
 */
export async function waitForQuiet(db: Knex, tenant: string, options: { timeoutMs: number; withQuality?: boolean; intervalMs?: number; quietPolls?: number; onPoll?: (c: TenantCounts) => void }): Promise<TenantCounts> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  let quiet = 0;
  for (;;) {
    const counts = await tenantCounts(db, tenant);
    options.onPoll?.(counts);
    const key = JSON.stringify(counts);
    quiet = key === last && counts.canonical > 0 && (options.withQuality === false || counts.qualityChecks >= counts.canonical) ? quiet + 1 : 0;
    last = key;
    if (quiet >= (options.quietPolls ?? 3)) return counts;
    if (Date.now() > deadline) throw new Error(`read model of ${tenant} still moving after ${options.timeoutMs} ms: ${key}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 2_000));
  }
}
