import type { Knex } from 'knex';
import type { QualityCheckRow } from '../rows/qualityRows.js';
import { qualityWindowContributions, type QualityWindowContribution, type WindowedVerdict } from '../rows/qualityWindowContributions.js';
import { chunked } from './insertRows.js';

type StoredVerdict = WindowedVerdict & { event_id: string; result_partition: number | null; result_offset: string | number | null; in_windows: boolean };

const STORED_COLUMNS = [
  'event_id', 'tenant_id', 'record_event_id', 'source_system', 'entity', 'event_time', 'status', 'score', 'failed_checks', 'passed_checks',
  'window_failed_checks', 'field_presence', 'invalid', 'duplicate', 'result_partition', 'result_offset', 'in_windows',
];

const recordKey = (r: { tenant_id: string; record_event_id: string }) => `${r.tenant_id}\u0000${r.record_event_id}`;

/**
 * Whether `next` is a later evaluation than `current`. One record's verdicts share its key, hence a partition
 * of quality.results, so a higher offset is a later evaluation (a rebuild from offset 0 sees the same order).
 * A row projected before offsets were kept is older than anything that arrives now.
 */
function supersedes(next: QualityCheckRow, current: StoredVerdict): boolean {
  if (current.event_id === next.event_id) return false; // the same verdict again (redelivery, or a replay with the same rules)
  if (current.result_offset === null || current.result_partition !== next.result_partition) return true;
  return Number(current.result_offset) < next.result_offset;
}

/**
 * `quality_checks` keeps one row per record: its current verdict. A verdict of other rules (another derived
 * event id) replaces the row, and the window counters take the old verdict's contribution back before adding
 * the new one, all in the projector's checkpoint transaction. Verdicts of one record are only ever written
 * by the owner of its quality.results partition; `for update` guards a zombie that still thinks it owns it.
 */
export async function writeQualityChecks(tx: Knex.Transaction, rows: readonly QualityCheckRow[]): Promise<void> {
  if (rows.length === 0) return;
  const current = new Map<string, StoredVerdict & { stored: boolean }>();
  const keys = [...new Map(rows.map((r) => [recordKey(r), [r.tenant_id, r.record_event_id]])).values()];
  for (const chunk of chunked(keys)) {
    const found: (StoredVerdict & { record_event_id: string })[] = await tx('quality_checks').whereIn(['tenant_id', 'record_event_id'], chunk).select(STORED_COLUMNS).forUpdate();
    for (const row of found) {
      const k = recordKey(row);
      const seen = current.get(k);
      // Before this model there could be two rows of one record (nothing replaced); the later one is current.
      if (!seen || Number(seen.result_offset ?? -1) <= Number(row.result_offset ?? -1)) current.set(k, { ...row, stored: true });
    }
  }

  const deleted = new Set<string>();
  const inserts = new Map<string, QualityCheckRow>();
  const contributions: QualityWindowContribution[] = [];
  for (const row of rows) {
    const k = recordKey(row);
    const cur = current.get(k);
    if (cur && !supersedes(row, cur)) continue;
    if (cur?.in_windows) contributions.push(...qualityWindowContributions(cur, -1));
    if (cur?.stored) deleted.add(cur.event_id);
    contributions.push(...qualityWindowContributions(row, 1));
    current.set(k, { ...row, stored: false });
    inserts.set(k, row);
  }
  for (const chunk of chunked([...deleted])) await tx('quality_checks').whereIn('event_id', chunk).delete();
  for (const chunk of chunked([...inserts.values()])) await tx('quality_checks').insert(chunk).onConflict('event_id').ignore();
  await addWindowContributions(tx, contributions);
}

/** Adds to the counters; PostgreSQL sums in `numeric`, so the result does not depend on batching. */
async function addWindowContributions(tx: Knex.Transaction, contributions: readonly QualityWindowContribution[]): Promise<void> {
  for (const chunk of chunked(contributions, 5_000)) {
    await tx.raw(
      `insert into quality_window_stats (tenant_id, source_system, entity, window_size, window_start, metric, name, value)
       select tenant_id, source_system, entity, window_size, window_start, metric, name, sum(value)
       from jsonb_to_recordset(?::jsonb) as c(tenant_id text, source_system text, entity text, window_size text, window_start timestamptz,
            metric text, name text, value numeric)
       group by tenant_id, source_system, entity, window_size, window_start, metric, name
       on conflict (tenant_id, source_system, entity, window_size, window_start, metric, name)
       do update set value = quality_window_stats.value + excluded.value, updated_at = now()`,
      [JSON.stringify(chunk)],
    );
  }
}
